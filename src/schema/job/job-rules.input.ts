import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Limits of a CodePipeline string-to-string map. */
export interface StringMapRule {
  maxEntries?: number;
  key: [min: number, max: number, pattern?: RegExp];
  value: [min: number, max: number, pattern?: RegExp];
}

function fits(s: string, [min, max, pattern]: StringMapRule['key']): boolean {
  return s.length >= min && s.length <= max && (!pattern || pattern.test(s));
}

/**
 * A JSON scalar that must be a string-to-string map within the reference's
 * limits (`queryParam`, `outputVariables`): JSON has no shape of its own, so
 * the rule lives here rather than in the type.
 */
export function IsStringMap(rule: StringMapRule, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringMap',
      validator: {
        validate: (value: unknown) => {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          if (rule.maxEntries !== undefined && entries.length > rule.maxEntries) return false;
          return entries.every(([k, v]) => fits(k, rule.key) && typeof v === 'string' && fits(v, rule.value));
        },
        defaultMessage: () =>
          `$property must be a map of strings${rule.maxEntries === undefined ? '' : ` with at most ${rule.maxEntries} entries`}` +
          ` (keys ${rule.key[0]} to ${rule.key[1]} characters, values ${rule.value[0]} to ${rule.value[1]})`,
      },
    },
    options,
  );
}

/** An action type id whose owner must be the given one (PollForJobs: Custom; third-party: ThirdParty). */
export function IsOwnedBy(owner: string): PropertyDecorator {
  return ValidateBy({
    name: 'isOwnedBy',
    validator: {
      validate: (value: unknown) => (value as { owner?: unknown } | null)?.owner === owner,
      defaultMessage: () => `$property.owner must be ${owner} for this operation`,
    },
  });
}

/** Absent whenever `other` is set on the same object (outputVariables vs continuationToken). */
export function IsAbsentWith(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'isAbsentWith',
    validator: {
      validate: (value: unknown, args) =>
        value === undefined ||
        value === null ||
        (args?.object as Record<string, unknown>)[other] === undefined ||
        (args?.object as Record<string, unknown>)[other] === null,
      defaultMessage: () => `$property can be given only when ${other} is not`,
    },
  });
}
