import { randomBytes, randomInt } from 'node:crypto';
import type { ActionTypeId, AWSSessionCredentials, JobData } from '@aws-sdk/client-codepipeline';
import { type OperationContext } from '../../core/context';
import { awsError } from '../../core/errors';
import { type Input, requireEnum, requireObject, requireString } from '../../core/input';
import { type JobRecord, type JobResult } from '../../core/state';
import { PROVIDER_RULE, TYPE_CATEGORIES, VERSION_RULE } from '../../catalog/validate-common';

/** Custom job ids are UUIDs, and the API says so in its pattern. */
export const JOB_ID_RULE = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};
/** Third-party job ids are only length-constrained. */
export const THIRD_PARTY_JOB_ID_RULE = { min: 1, max: 512 };
export const NONCE_RULE = { min: 1, max: 50 };
export const CLIENT_TOKEN_RULE = { min: 1, max: 256 };

/** The `actionTypeId` member of the poll operations, validated like every other type id. */
export function requireActionTypeId(input: Input): ActionTypeId {
  const id = requireObject(input, 'actionTypeId');
  return {
    category: requireEnum(id, 'category', TYPE_CATEGORIES),
    owner: requireEnum(id, 'owner', ['AWS', 'ThirdParty', 'Custom'] as const),
    provider: requireString(id, 'provider', PROVIDER_RULE),
    version: requireString(id, 'version', VERSION_RULE),
  };
}

/** True when the job is for exactly this action type. */
export function sameType(a: ActionTypeId, b: ActionTypeId): boolean {
  return (
    a.category === b.category && a.owner === b.owner && a.provider === b.provider && a.version === b.version
  );
}

/**
 * The job of that id and kind. A custom job asked for through the
 * third-party operations (or the reverse) is "not found": each API family
 * only sees its own jobs.
 */
export function findJob(ctx: OperationContext, jobId: string, kind: JobRecord['kind']): JobRecord {
  const job = ctx.state.jobs.get(jobId);
  if (!job || job.kind !== kind) throw awsError('JobNotFoundException', `Job ${jobId} could not be found`);
  return job;
}

/** Queued jobs of a type, oldest first: the order workers receive them. */
export function queuedJobs(ctx: OperationContext, kind: JobRecord['kind'], type: ActionTypeId): JobRecord[] {
  return [...ctx.state.jobs.values()]
    .filter((j) => j.kind === kind && j.status === 'Queued' && sameType(j.actionTypeId, type))
    .sort((a, b) => a.created.getTime() - b.created.getTime());
}

/** Hands a job to a worker: it becomes Dispatched and gets a nonce if the engine gave none. */
export function dispatch(job: JobRecord): void {
  job.status = 'Dispatched';
  if (!job.nonce) job.nonce = String(randomInt(1, 1_000_000_000));
}

/**
 * Only a job a worker holds (Dispatched, or InProgress once acknowledged)
 * can be finished; a finished, timed-out or never-polled one cannot.
 */
export function requireOpenJob(job: JobRecord): void {
  if (job.status !== 'Dispatched' && job.status !== 'InProgress') {
    throw awsError('InvalidJobStateException', `Job ${job.id} is ${job.status} and cannot accept a result`);
  }
}

/** Records the worker's verdict and lets the engine finish (or continue) the action. */
export function finishJob(ctx: OperationContext, job: JobRecord, result: JobResult): void {
  job.status = result.status;
  ctx.engine.completeJob(job, result);
}

/**
 * The job data a worker sees, with fresh temporary artifact credentials: the
 * docs say each poll or details call returns new ones, so a long job can
 * refresh them. The emulator's credentials are shaped like STS ones but fake.
 */
export function workerData(job: JobRecord): JobData {
  return { ...structuredClone(job.data), artifactCredentials: fakeCredentials() };
}

function fakeCredentials(): AWSSessionCredentials {
  return {
    accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(96).toString('base64'),
  };
}
