import type { FailureType } from '@aws-sdk/client-codepipeline';
import { awsError, validationError } from '../../core/errors';
import {
  type Input,
  optionalInt,
  optionalObject,
  optionalString,
  requireEnum,
  requireObject,
  requireString,
} from '../../core/input';
import { type JobResult } from '../../core/state';

/** AWS's limit on the total size of a job's output variables, in characters. */
export const MAX_OUTPUT_VARIABLES_SIZE = 122_880;

const FAILURE_TYPES: readonly FailureType[] = [
  'JobFailed',
  'ConfigurationError',
  'PermissionError',
  'RevisionOutOfSync',
  'RevisionUnavailable',
  'SystemUnavailable',
];

const OUTPUT_VARIABLE_KEY = /^[A-Za-z0-9@\-_]+$/;

/** A PutJobFailureResult / PutThirdPartyJobFailureResult body as the engine's JobResult. */
export function parseFailure(input: Input): Extract<JobResult, { status: 'Failed' }> {
  const details = requireObject(input, 'failureDetails');
  return {
    status: 'Failed',
    type: requireEnum(details, 'type', FAILURE_TYPES),
    message: requireString(details, 'message', { min: 1, max: 5000 }),
    externalExecutionId: optionalString(details, 'externalExecutionId', { min: 1, max: 1500 }),
  };
}

/**
 * A success body as the engine's JobResult. `currentRevision` is validated
 * but not passed on: JobResult has no place for it yet.
 */
export function parseSuccess(
  input: Input,
  withOutputVariables: boolean,
): Extract<JobResult, { status: 'Succeeded' }> {
  const continuationToken = optionalString(input, 'continuationToken', { min: 1, max: 2048 });
  const revision = optionalObject(input, 'currentRevision');
  if (revision) {
    requireString(revision, 'revision', { min: 1, max: 1500 });
    requireString(revision, 'changeIdentifier', { min: 1, max: 100 });
    optionalString(revision, 'revisionSummary', { min: 1, max: 2048 });
    const created = revision['created'];
    if (created !== undefined && created !== null && typeof created !== 'number') {
      throw validationError('currentRevision.created must be a timestamp');
    }
  }
  const details = optionalObject(input, 'executionDetails') ?? {};
  const outputVariables = withOutputVariables ? parseOutputVariables(input) : undefined;
  if (outputVariables && continuationToken !== undefined) {
    throw validationError('outputVariables can be included only when there is no continuation token');
  }
  return {
    status: 'Succeeded',
    summary: optionalString(details, 'summary', { min: 1, max: 2048 }),
    externalExecutionId: optionalString(details, 'externalExecutionId', { min: 1, max: 1500 }),
    percentComplete: optionalInt(details, 'percentComplete', 0, 100),
    outputVariables,
    continuationToken,
  };
}

function parseOutputVariables(input: Input): Record<string, string> | undefined {
  const vars = optionalObject(input, 'outputVariables');
  if (!vars) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (!OUTPUT_VARIABLE_KEY.test(key)) {
      throw validationError(`Output variable name ${key} must match ${OUTPUT_VARIABLE_KEY.source}`);
    }
    if (typeof value !== 'string') throw validationError(`Output variable ${key} must be a string`);
    out[key] = value;
  }
  return out;
}

/**
 * The size limit is checked after the job was found and is open, so a
 * worker learns about a wrong job before it learns about big variables.
 */
export function checkOutputVariablesSize(vars: Record<string, string> | undefined): void {
  if (!vars) return;
  const size = Object.entries(vars).reduce((n, [k, v]) => n + k.length + v.length, 0);
  if (size > MAX_OUTPUT_VARIABLES_SIZE) {
    throw awsError(
      'OutputVariablesSizeExceededException',
      `The output variables total ${size} characters, above the limit of ${MAX_OUTPUT_VARIABLES_SIZE}`,
    );
  }
}
