import { ValidateBy, buildMessage } from 'class-validator';

/**
 * Field rules shared by the declaration inputs (pipelines, stages, actions,
 * conditions), from the API reference, so every place a member appears
 * checks it the same way.
 */

/** Input and output artifact names: narrower than other names (no `.` or `@`). */
export const ARTIFACT_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;

/** Pipeline and action service roles. */
export const ROLE_ARN_PATTERN = /^arn:aws(-[\w]+)*:iam::[0-9]{12}:role\/.*$/;

/** Action and rule type providers and versions. */
export const PROVIDER_PATTERN = /^[0-9A-Za-z_-]+$/;

/** Variable namespaces and pipeline variable names. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9@\-_]+$/;

/** Artifact store bucket names. */
export const BUCKET_PATTERN = /^[a-zA-Z0-9\-.]+$/;

/** Environment variable names of compute actions. */
export const ENV_NAME_PATTERN = /^[A-Za-z0-9_]+$/;

/** Bounds of the reference's string maps (action and rule configurations). */
export interface StringMapBounds {
  keyMin: number;
  keyMax: number;
  valueMin: number;
  valueMax: number;
  maxEntries?: number;
}

/** Why `value` is not a string map within `bounds`, or undefined when it is. */
export function stringMapProblem(value: unknown, bounds: StringMapBounds): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'must be an object of string keys to string values';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (bounds.maxEntries !== undefined && entries.length > bounds.maxEntries) {
    return `must have at most ${bounds.maxEntries} entries`;
  }
  for (const [k, v] of entries) {
    if (k.length < bounds.keyMin || k.length > bounds.keyMax) {
      return `key '${k.slice(0, 60)}' must be ${bounds.keyMin} to ${bounds.keyMax} characters`;
    }
    if (typeof v !== 'string') return `value of '${k}' must be a string`;
    if (v.length < bounds.valueMin || v.length > bounds.valueMax) {
      return `value of '${k}' must be ${bounds.valueMin} to ${bounds.valueMax} characters`;
    }
  }
  return undefined;
}

/**
 * A JSON-scalar member that must be a string→string map: the scalar itself
 * accepts any JSON, so the shape is checked here, before upstream.
 */
export function IsStringMap(bounds: StringMapBounds): PropertyDecorator {
  return ValidateBy({
    name: 'isStringMap',
    validator: {
      validate: (value: unknown) => stringMapProblem(value, bounds) === undefined,
      defaultMessage: buildMessage(
        (prefix, args) => `${prefix}$property ${stringMapProblem(args?.value, bounds) ?? ''}`,
      ),
    },
  });
}

/** The configuration maps of actions and rules: keys 1..50, values 1..1000 characters. */
export const CONFIGURATION_BOUNDS: StringMapBounds = { keyMin: 1, keyMax: 50, valueMin: 1, valueMax: 1000 };
