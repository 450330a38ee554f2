import { validationError } from '../core/errors';

/**
 * Path-aware checks for nested members of a request.
 *
 * core/input.ts validates top-level members by key; declarations nest deep,
 * and AWS names the offending member by its full path
 * (`pipeline.stages.2.member.actions.1.member.name`), so these helpers take
 * the value and the path instead. Every fault here is a `ValidationException`,
 * the exception AWS uses for shape, length, range and pattern violations.
 */

/** A decoded JSON object. */
export type Json = Record<string, unknown>;

/** Length and pattern constraints of a string member. */
export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

/** The member path AWS uses for the `index`-th (0-based) element of a list at `path`. */
export function memberPath(path: string, index: number): string {
  return `${path}.${index + 1}.member`;
}

function missing(path: string): Error {
  return validationError(
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  );
}

/** True when a JSON member is absent (the SDK omits undefined; hand-written JSON may send null). */
export function isAbsent(v: unknown): v is undefined | null {
  return v === undefined || v === null;
}

/** A required object member. */
export function requireObj(path: string, v: unknown): Json {
  if (isAbsent(v)) throw missing(path);
  if (typeof v !== 'object' || Array.isArray(v)) throw validationError(`${path} must be an object`);
  return v as Json;
}

/** An optional object member. */
export function optionalObj(path: string, v: unknown): Json | undefined {
  return isAbsent(v) ? undefined : requireObj(path, v);
}

/** A required string member within its length and pattern constraints. */
export function requireStr(path: string, v: unknown, rule: StringRule = {}): string {
  if (isAbsent(v)) throw missing(path);
  if (typeof v !== 'string') throw validationError(`${path} must be a string`);
  const min = rule.min ?? 1;
  if (v.length < min) {
    throw validationError(
      `1 validation error detected: Value '${v}' at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`,
    );
  }
  if (rule.max !== undefined && v.length > rule.max) {
    throw validationError(
      `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`,
    );
  }
  if (rule.pattern && !rule.pattern.test(v)) {
    throw validationError(
      `1 validation error detected: Value '${v}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  }
  return v;
}

/** An optional string member, checked when present. */
export function optionalStr(path: string, v: unknown, rule: StringRule = {}): string | undefined {
  return isAbsent(v) ? undefined : requireStr(path, v, rule);
}

/** A required list member with its documented size bounds. */
export function requireList(path: string, v: unknown, min = 0, max = Infinity): unknown[] {
  if (isAbsent(v)) throw missing(path);
  if (!Array.isArray(v)) throw validationError(`${path} must be a list`);
  if (v.length < min) {
    throw validationError(
      `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`,
    );
  }
  if (v.length > max) {
    throw validationError(
      `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
  return v;
}

/** An optional list member, checked when present. */
export function optionalList(path: string, v: unknown, min = 0, max = Infinity): unknown[] | undefined {
  return isAbsent(v) ? undefined : requireList(path, v, min, max);
}

/** An optional integer member within `[min, max]`. */
export function optionalInteger(path: string, v: unknown, min: number, max: number): number | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw validationError(
      `1 validation error detected: Value '${String(v)}' at '${path}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return v;
}

/** A required member that must be one of an enum's values. */
export function requireEnumValue<T extends string>(path: string, v: unknown, values: readonly T[]): T {
  const s = requireStr(path, v);
  if (!(values as readonly string[]).includes(s)) {
    throw validationError(
      `1 validation error detected: Value '${s}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
    );
  }
  return s as T;
}

/** An optional enum member, checked when present. */
export function optionalEnumValue<T extends string>(
  path: string,
  v: unknown,
  values: readonly T[],
): T | undefined {
  return isAbsent(v) ? undefined : requireEnumValue(path, v, values);
}

/**
 * An optional string-to-string map, as action and rule configurations are:
 * keys 1..50 and values 1..1000 characters by the reference.
 */
export function optionalStringMap(
  path: string,
  v: unknown,
  keyRule: StringRule,
  valueRule: StringRule,
): Record<string, string> | undefined {
  const map = optionalObj(path, v);
  if (!map) return undefined;
  for (const [key, value] of Object.entries(map)) {
    requireStr(`${path}.key`, key, keyRule);
    requireStr(`${path}.${key}`, value, valueRule);
  }
  return map as Record<string, string>;
}

/** Each element of a required or optional list of strings within `rule`. */
export function checkStrings(path: string, list: readonly unknown[], rule: StringRule): string[] {
  return list.map((s, i) => requireStr(memberPath(path, i), s, rule));
}

/**
 * Views a checked JSON object as the SDK shape it was checked against. The
 * one deliberate cast of validation: call it only after every member of `T`
 * that matters has been checked.
 */
export function asChecked<T>(v: Json): T {
  return v as unknown as T;
}
