import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { JobStatus } from '../shared/enums';
import { Job, ThirdPartyJob } from './job.type';

/** What pollForJobs returns. */
@ObjectType({ description: 'The jobs handed to this worker (PollForJobs); empty when none is queued.' })
export class PollForJobsPayload {
  @Field(() => [Job])
  jobs!: sdk.Job[];
}

/** What pollForThirdPartyJobs returns. */
@ObjectType({ description: 'The partner jobs handed to this worker (PollForThirdPartyJobs).' })
export class PollForThirdPartyJobsPayload {
  @Field(() => [ThirdPartyJob])
  jobs!: sdk.ThirdPartyJob[];
}

/** What acknowledging a job returns. */
@ObjectType({ description: 'The status of a job after the worker acknowledged it.' })
export class AcknowledgeJobPayload {
  @Field(() => JobStatus, { nullable: true })
  status?: JobStatus;
}

/** What reporting a job's result returns. */
@ObjectType({ description: 'A job result CodePipeline accepted.' })
export class JobResultPayload {
  @Field(() => String)
  jobId!: string;

  @Field(() => Boolean, { description: 'Always true: a refused result is an error, never ok: false.' })
  ok!: boolean;
}
