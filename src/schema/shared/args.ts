import { badUserInput } from '../errors/graphql-errors';
import { NAME_CHARACTERS, NAME_PATTERN } from './rules';

/** Execution, action execution and job ids are UUIDs upstream. */
const EXECUTION_ID = /^[0-9a-f-]+$/;

/** Checks a pipeline, stage or action name before any upstream call, naming the argument. */
export function checkName(value: string, field: string): string {
  if (value.length < 1 || value.length > 100 || !NAME_PATTERN.test(value)) {
    throw badUserInput(`\`${field}\` must be 1 to 100 characters of ${NAME_CHARACTERS}`, field);
  }
  return value;
}

/** Checks an execution or job id. */
export function checkId(value: string, field: string): string {
  if (value.length < 1 || value.length > 100 || !EXECUTION_ID.test(value)) {
    throw badUserInput(`\`${field}\` is not a valid id`, field);
  }
  return value;
}

/** Checks a pipeline version. */
export function checkVersion(value: number | undefined | null, field = 'version'): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < 1)
    throw badUserInput(`\`${field}\` must be an integer >= 1`, field);
  return value;
}
