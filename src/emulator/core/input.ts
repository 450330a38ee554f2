import { validationError } from './errors';

/** An operation's decoded JSON input, before validation. */
export type Input = Record<string, unknown>;

/** The reference's pattern for pipeline, stage, action and artifact names. */
export const NAME_PATTERN = /^[A-Za-z0-9.@\-_]+$/;

interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

function checkString(field: string, v: unknown, rule: StringRule): string {
  if (typeof v !== 'string') throw validationError(`${field} must be a string`);
  const min = rule.min ?? 1;
  if (v.length < min) throw validationError(`${field} must be at least ${min} characters long`);
  if (rule.max !== undefined && v.length > rule.max) {
    throw validationError(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`,
    );
  }
  if (rule.pattern && !rule.pattern.test(v)) {
    throw validationError(
      `1 validation error detected: Value '${v}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  }
  return v;
}

/** A required string member; missing or malformed gets `ValidationException` naming the field. */
export function requireString(input: Input, field: string, rule: StringRule = {}): string {
  const v = input[field];
  if (v === undefined || v === null) {
    throw validationError(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return checkString(field, v, rule);
}

/** An optional string member, validated when present. */
export function optionalString(input: Input, field: string, rule: StringRule = {}): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  return checkString(field, v, rule);
}

/** A required resource name (pipeline, stage, action): `[A-Za-z0-9.@\-_]+`, 1 to 100. */
export function requireName(input: Input, field: string): string {
  return requireString(input, field, { min: 1, max: 100, pattern: NAME_PATTERN });
}

/** An optional integer member within `[min, max]`. */
export function optionalInt(input: Input, field: string, min: number, max: number): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw validationError(
      `1 validation error detected: Value '${String(v)}' at '${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return v;
}

/** `maxResults` with the API's range and the default the operation documents. */
export function maxResults(input: Input, max: number, fallback = max): number {
  return optionalInt(input, 'maxResults', 1, max) ?? fallback;
}

/** A required JSON object member. */
export function requireObject(input: Input, field: string): Input {
  const v = input[field];
  if (v === undefined || v === null) {
    throw validationError(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof v !== 'object' || Array.isArray(v)) throw validationError(`${field} must be an object`);
  return v as Input;
}

/** An optional JSON object member. */
export function optionalObject(input: Input, field: string): Input | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw validationError(`${field} must be an object`);
  return v as Input;
}

/** An optional JSON array member. */
export function optionalArray(input: Input, field: string, maxLength = Infinity): unknown[] | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw validationError(`${field} must be a list`);
  if (v.length > maxLength) throw validationError(`${field} must have at most ${maxLength} members`);
  return v;
}

/** A required member that must be one of an enum's values. */
export function requireEnum<T extends string>(input: Input, field: string, values: readonly T[]): T {
  const v = requireString(input, field);
  if (!(values as readonly string[]).includes(v)) {
    throw validationError(
      `1 validation error detected: Value '${v}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
    );
  }
  return v as T;
}

/** An optional member that must be one of an enum's values. */
export function optionalEnum<T extends string>(
  input: Input,
  field: string,
  values: readonly T[],
): T | undefined {
  if (input[field] === undefined || input[field] === null) return undefined;
  return requireEnum(input, field, values);
}
