import type { ThirdPartyJob, ThirdPartyJobData } from '@aws-sdk/client-codepipeline';
import { type OperationContext, type OperationTable } from '../core/context';
import { awsError, validationError } from '../core/errors';
import { type Input, optionalInt, requireString } from '../core/input';
import { type JobRecord } from '../core/state';
import { actionTypeKey, lookupActionType } from '../catalog/lookup';
import { randomUUID } from 'node:crypto';
import {
  CLIENT_TOKEN_RULE,
  NONCE_RULE,
  THIRD_PARTY_JOB_ID_RULE,
  dispatch,
  findJob,
  finishJob,
  queuedJobs,
  requireActionTypeId,
  requireOpenJob,
  workerData,
} from './jobs/common';
import { parseFailure, parseSuccess } from './jobs/results';

/** Handlers of the partner (third-party) job operations. */
export const thirdPartyJobsOperations: OperationTable = {
  PollForThirdPartyJobs: (input, ctx) => {
    const typeId = requireActionTypeId(input);
    const maxBatchSize = optionalInt(input, 'maxBatchSize', 1, Number.MAX_SAFE_INTEGER) ?? 1;
    if (typeId.owner !== 'ThirdParty') {
      throw validationError(
        'PollForThirdPartyJobs is valid only for action types with ThirdParty in the owner field',
      );
    }
    if (!lookupActionType(ctx.state, typeId)) {
      throw awsError(
        'ActionTypeNotFoundException',
        `Action type ${actionTypeKey(typeId)} could not be found`,
      );
    }
    const jobs = queuedJobs(ctx, 'thirdParty', typeId).slice(0, maxBatchSize);
    return {
      jobs: jobs.map((job): ThirdPartyJob => {
        dispatch(job);
        job.clientId ??= randomUUID();
        return { clientId: job.clientId, jobId: job.id };
      }),
    };
  },

  GetThirdPartyJobDetails: (input, ctx) => {
    const job = authorisedJob(ctx, input);
    if (job.status === 'Queued' || job.status === 'Created') {
      throw awsError('InvalidJobException', `Job ${job.id} has not been handed to a partner yet`);
    }
    return { jobDetails: { id: job.id, data: partnerData(job), nonce: job.nonce } };
  },

  AcknowledgeThirdPartyJob: (input, ctx) => {
    const nonce = requireString(input, 'nonce', NONCE_RULE);
    const job = authorisedJob(ctx, input);
    if (nonce !== job.nonce)
      throw awsError('InvalidNonceException', `The nonce is not valid for job ${job.id}`);
    if (job.status === 'Dispatched') job.status = 'InProgress';
    return { status: job.status };
  },

  PutThirdPartyJobSuccessResult: (input, ctx) => {
    const result = parseSuccess(input, false);
    const job = authorisedJob(ctx, input);
    requireOpenJob(job);
    finishJob(ctx, job, result);
    return {};
  },

  PutThirdPartyJobFailureResult: (input, ctx) => {
    const result = parseFailure(input);
    const job = authorisedJob(ctx, input);
    requireOpenJob(job);
    finishJob(ctx, job, result);
    return {};
  },
};

/**
 * Finds the job and checks the partner's client token. The emulator has no
 * partner registration, so besides the token the engine stored it accepts
 * the job's clientId, the only half of the pair a partner can learn here
 * (the SDK even documents clientId as "the clientToken portion").
 */
function authorisedJob(ctx: OperationContext, input: Input): JobRecord {
  const jobId = requireString(input, 'jobId', THIRD_PARTY_JOB_ID_RULE);
  const clientToken = requireString(input, 'clientToken', CLIENT_TOKEN_RULE);
  const job = findJob(ctx, jobId, 'thirdParty');
  const accepted = [job.clientToken, job.clientId].filter((t): t is string => t !== undefined);
  if (!accepted.includes(clientToken)) {
    throw awsError('InvalidClientTokenException', `The client token is not valid for job ${jobId}`);
  }
  return job;
}

/** Partner job data never carries the pipeline ARN or execution id. */
function partnerData(job: JobRecord): ThirdPartyJobData {
  const data = workerData(job);
  if (data.pipelineContext) {
    data.pipelineContext = {
      ...data.pipelineContext,
      pipelineArn: undefined,
      pipelineExecutionId: undefined,
    };
  }
  return data;
}
