import type { Job } from '@aws-sdk/client-codepipeline';
import { type OperationContext, type OperationTable } from '../core/context';
import { awsError, validationError } from '../core/errors';
import { type Input, optionalInt, optionalObject, requireString } from '../core/input';
import { type ActionTypeRecord, type JobRecord } from '../core/state';
import { actionTypeKey, lookupActionType } from '../catalog/lookup';
import {
  JOB_ID_RULE,
  NONCE_RULE,
  dispatch,
  findJob,
  finishJob,
  queuedJobs,
  requireActionTypeId,
  requireOpenJob,
  workerData,
} from './jobs/common';
import { checkOutputVariablesSize, parseFailure, parseSuccess } from './jobs/results';

const QUERY_VALUE = /^[a-zA-Z0-9_-]+$/;

/** Handlers of the custom-action job worker operations. */
export const jobsOperations: OperationTable = {
  PollForJobs: (input, ctx) => {
    const typeId = requireActionTypeId(input);
    const maxBatchSize = optionalInt(input, 'maxBatchSize', 1, Number.MAX_SAFE_INTEGER) ?? 1;
    const queryParam = parseQueryParam(input);
    if (typeId.owner !== 'Custom') {
      throw validationError('PollForJobs is valid only for action types with Custom in the owner field');
    }
    // A deleted custom type is not found: "PollForJobs for the custom action fails after the action is marked for deletion".
    const type = lookupActionType(ctx.state, typeId);
    if (!type) {
      throw awsError(
        'ActionTypeNotFoundException',
        `Action type ${actionTypeKey(typeId)} could not be found`,
      );
    }
    const matches = queryMatcher(type, queryParam);
    const jobs = queuedJobs(ctx, 'custom', typeId).filter(matches).slice(0, maxBatchSize);
    return {
      jobs: jobs.map((job): Job => {
        dispatch(job);
        return { id: job.id, data: workerData(job), nonce: job.nonce, accountId: job.accountId };
      }),
    };
  },

  AcknowledgeJob: (input, ctx) => {
    const jobId = requireString(input, 'jobId', JOB_ID_RULE);
    const nonce = requireString(input, 'nonce', NONCE_RULE);
    const job = findJob(ctx, jobId, 'custom');
    if (nonce !== job.nonce)
      throw awsError('InvalidNonceException', `The nonce is not valid for job ${jobId}`);
    if (job.status === 'Dispatched') job.status = 'InProgress';
    return { status: job.status };
  },

  GetJobDetails: (input, ctx) => {
    const job = findJob(ctx, requireString(input, 'jobId', JOB_ID_RULE), 'custom');
    return { jobDetails: { id: job.id, data: workerData(job), accountId: job.accountId } };
  },

  PutJobSuccessResult: (input, ctx) => {
    const jobId = requireString(input, 'jobId', JOB_ID_RULE);
    const result = parseSuccess(input, true);
    const job = openJob(ctx, jobId);
    checkOutputVariablesSize(result.outputVariables);
    finishJob(ctx, job, result);
    return {};
  },

  PutJobFailureResult: (input, ctx) => {
    const jobId = requireString(input, 'jobId', JOB_ID_RULE);
    const result = parseFailure(input);
    finishJob(ctx, openJob(ctx, jobId), result);
    return {};
  },
};

function openJob(ctx: OperationContext, jobId: string): JobRecord {
  const job = findJob(ctx, jobId, 'custom');
  requireOpenJob(job);
  return job;
}

/** `queryParam`: at most one entry, key 1..50, value 1..50 of `[a-zA-Z0-9_-]`. */
function parseQueryParam(input: Input): Record<string, string> {
  const map = optionalObject(input, 'queryParam') ?? {};
  const entries = Object.entries(map);
  if (entries.length > 1) throw validationError('queryParam can have at most one entry');
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 50)
      throw validationError('queryParam keys must be 1 to 50 characters');
    if (typeof value !== 'string' || value.length < 1 || value.length > 50 || !QUERY_VALUE.test(value)) {
      throw validationError(`queryParam values must match ${QUERY_VALUE.source} and be 1 to 50 characters`);
    }
  }
  return map as Record<string, string>;
}

/**
 * Per the docs: a type without a queryable property takes no query; a type
 * with one must be queried by it, and only jobs whose configuration carries
 * that value are returned.
 */
function queryMatcher(type: ActionTypeRecord, query: Record<string, string>): (job: JobRecord) => boolean {
  const queryable = type.configurationProperties.find((p) => p.queryable);
  const keys = Object.keys(query);
  if (!queryable) {
    if (keys.length > 0) throw validationError('This action type has no queryable property; omit queryParam');
    return () => true;
  }
  const name = queryable.name ?? '';
  const wanted = query[name];
  if (wanted === undefined) {
    throw validationError(`This action type requires queryParam with its queryable property ${name}`);
  }
  return (job) => job.data.actionConfiguration?.configuration?.[name] === wanted;
}
