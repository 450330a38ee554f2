import { validate, type ValidationError } from 'class-validator';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../aws/error-codes';

function flatten(errors: ValidationError[], parent: string): { field: string; message: string }[] {
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
 * class-validator decorators on the input classes) before any upstream call.
 * A fault becomes one BAD_USER_INPUT error that names every bad field, so a
 * client learns what to fix without a round trip to CodePipeline.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const values = Array.isArray(value) ? value : [value];
  const faults: { field: string; message: string }[] = [];
  for (const [i, v] of values.entries()) {
    if (v === null || typeof v !== 'object') continue;
    const errors = await validate(v as object, {
      forbidUnknownValues: false,
      validationError: { target: false },
    });
    faults.push(...flatten(errors, Array.isArray(value) ? `[${i}]` : ''));
  }
  if (faults.length === 0) return;
  throw new GraphQLError(faults.map((f) => `${f.field}: ${f.message}`).join('; '), {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: faults[0]?.field, fields: faults },
  });
}
