import {
  GetJobDetailsCommand,
  GetThirdPartyJobDetailsCommand,
  type JobDetails,
  type ThirdPartyJobDetails,
} from '@aws-sdk/client-codepipeline';
import { cacheKey } from '../cache/keys';
import { type ThirdPartyJobKey } from './keys';
import { type LoaderKit } from './loader-kit';

/** Loaders for job details: jobs belong to workers and change with every poll, so batched, never cached. */
export function createJobLoaders({ target, read }: LoaderKit) {
  return {
    jobDetails: read<string, JobDetails | null>({
      operation: 'GetJobDetails',
      kind: 'job',
      cacheKey: (jobId) => cacheKey('job', target, jobId),
      freshMs: () => 0,
      fetch: async (jobId, send) => (await send(new GetJobDetailsCommand({ jobId }))).jobDetails ?? null,
    }),

    thirdPartyJobDetails: read<ThirdPartyJobKey, ThirdPartyJobDetails | null>({
      operation: 'GetThirdPartyJobDetails',
      kind: 'third-party-job',
      cacheKey: (k) => cacheKey('third-party-job', target, k.jobId, k.clientToken),
      freshMs: () => 0,
      fetch: async (k, send) => (await send(new GetThirdPartyJobDetailsCommand(k))).jobDetails ?? null,
    }),
  };
}
