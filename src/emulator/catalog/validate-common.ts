import type { ArtifactDetails, ActionTypeSettings } from '@aws-sdk/client-codepipeline';
import { validationError } from '../core/errors';
import { type Input, optionalInt, optionalObject, optionalString, requireObject } from '../core/input';

/** Provider names of action types: `[0-9A-Za-z_-]+`, 1 to 35. */
export const PROVIDER_RULE = { min: 1, max: 35, pattern: /^[0-9A-Za-z_-]+$/ };
/** Versions of action types: `[0-9A-Za-z_-]+`, 1 to 9. */
export const VERSION_RULE = { min: 1, max: 9, pattern: /^[0-9A-Za-z_-]+$/ };
/** The categories the 2015-07-09 API accepts when a type is created or named. */
export const TYPE_CATEGORIES = ['Source', 'Build', 'Deploy', 'Test', 'Invoke', 'Approval'] as const;

const URL_RULE = { min: 1, max: 2048 };

/** A required JSON boolean; the API has no string-to-boolean coercion. */
export function requireBoolean(input: Input, field: string): boolean {
  const v = input[field];
  if (v === undefined || v === null) {
    throw validationError(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof v !== 'boolean') throw validationError(`${field} must be a boolean`);
  return v;
}

/** An optional JSON boolean. */
export function optionalBoolean(input: Input, field: string): boolean | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  return requireBoolean(input, field);
}

/** Artifact bounds: both counts required within `[0, max]`, and min not above max. */
export function requireArtifactDetails(
  input: Input,
  field: string,
  max: number,
): ArtifactDetails & {
  minimumCount: number;
  maximumCount: number;
} {
  const obj = requireObject(input, field);
  const minimumCount = optionalInt(obj, 'minimumCount', 0, max);
  const maximumCount = optionalInt(obj, 'maximumCount', 0, max);
  if (minimumCount === undefined || maximumCount === undefined) {
    throw validationError(`${field} must have minimumCount and maximumCount`);
  }
  if (minimumCount > maximumCount) {
    throw validationError(`${field}.minimumCount must not be greater than ${field}.maximumCount`);
  }
  return { minimumCount, maximumCount };
}

/** The console URL templates of a custom type (ActionTypeSettings). */
export function optionalSettings(input: Input, field: string): ActionTypeSettings | undefined {
  const obj = optionalObject(input, field);
  if (!obj) return undefined;
  return {
    thirdPartyConfigurationUrl: optionalString(obj, 'thirdPartyConfigurationUrl', URL_RULE),
    entityUrlTemplate: optionalString(obj, 'entityUrlTemplate', URL_RULE),
    executionUrlTemplate: optionalString(obj, 'executionUrlTemplate', URL_RULE),
    revisionUrlTemplate: optionalString(obj, 'revisionUrlTemplate', URL_RULE),
  };
}

/** The URL rule shared by settings and declaration urls. */
export function optionalUrl(input: Input, field: string): string | undefined {
  return optionalString(input, field, URL_RULE);
}

/** Members of a list that must be JSON objects. */
export function objectMembers(list: unknown[] | undefined, field: string): Input[] {
  return (list ?? []).map((m) => {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      throw validationError(`Each member of ${field} must be an object`);
    }
    return m as Input;
  });
}
