import { validate, type ValidationError } from 'class-validator';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';

/** One bad field of an input: its path in the argument, and what is wrong with it. */
export interface FieldFault {
  field: string;
  message: string;
}

/**
 * An input whose rules span members (a pipeline declaration's stage layout
 * and artifact flow, say), which per-field decorators cannot express. Its
 * faults are reported with the per-field ones, in the same error.
 */
export interface CrossFieldRules {
  crossFieldFaults(): FieldFault[];
}

function hasCrossFieldRules(value: object): value is CrossFieldRules {
  return typeof (value as Partial<CrossFieldRules>).crossFieldFaults === 'function';
}

/** The one BAD_USER_INPUT error for input faults: every bad field, in `extensions.fields` and in the message. */
export function fieldFaultsError(faults: FieldFault[]): GraphQLError {
  return new GraphQLError(faults.map((f) => `${f.field}: ${f.message}`).join('; '), {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: faults[0]?.field, fields: faults },
  });
}

function flatten(errors: ValidationError[], parent: string): FieldFault[] {
  return errors.flatMap((e) => {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Validates mutation inputs against the API reference's rules (the
 * class-validator decorators on the input classes, then the cross-member
 * rules of inputs that have them) before any upstream call. A fault becomes
 * one BAD_USER_INPUT error that names every bad field, so a client learns
 * what to fix without a round trip to CodePipeline.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const values = Array.isArray(value) ? value : [value];
  const faults: FieldFault[] = [];
  for (const [i, v] of values.entries()) {
    if (v === null || typeof v !== 'object') continue;
    const errors = await validate(v as object, {
      forbidUnknownValues: false,
      validationError: { target: false },
    });
    const prefix = Array.isArray(value) ? `[${i}]` : '';
    faults.push(...flatten(errors, prefix));
    if (hasCrossFieldRules(v)) {
      faults.push(
        ...v.crossFieldFaults().map((f) => ({ ...f, field: prefix ? `${prefix}.${f.field}` : f.field })),
      );
    }
  }
  if (faults.length > 0) throw fieldFaultsError(faults);
}
