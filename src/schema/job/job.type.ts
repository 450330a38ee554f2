import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { JSONScalar } from '../shared/scalars';
import { Artifact } from '../shared/artifact.type';
import { ActionTypeId, EncryptionKey } from '../shared/common.type';

/** The configuration of the action a job runs for. */
@ObjectType({ simpleResolvers: true, description: 'The configuration of the action a job belongs to.' })
export class ActionConfiguration implements sdk.ActionConfiguration {
  @Field(() => JSONScalar, { nullable: true, description: 'The action configuration (string map).' })
  configuration?: Record<string, string>;
}

/** The stage a job belongs to. */
@ObjectType({ simpleResolvers: true, description: 'The stage a job belongs to.' })
export class StageContext implements sdk.StageContext {
  @Field(() => String, { nullable: true })
  name?: string;
}

/** The action a job belongs to. */
@ObjectType({ simpleResolvers: true, description: 'The action a job belongs to.' })
export class ActionContext implements sdk.ActionContext {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  actionExecutionId?: string;
}

/** Where in which pipeline a job comes from. */
@ObjectType({
  simpleResolvers: true,
  description: 'The pipeline, stage, action and execution a job comes from.',
})
export class PipelineContext implements sdk.PipelineContext {
  @Field(() => String, { nullable: true })
  pipelineName?: string;

  @Field(() => StageContext, { nullable: true })
  stage?: StageContext;

  @Field(() => ActionContext, { nullable: true })
  action?: ActionContext;

  @Field(() => String, { nullable: true })
  pipelineArn?: string;

  @Field(() => String, { nullable: true })
  pipelineExecutionId?: string;
}

/**
 * Temporary credentials for a job's artifact bucket. They are live secrets: the lead decides whether
 * the graph exposes them (a job worker over GraphQL needs them; a UI never does).
 */
@ObjectType({
  simpleResolvers: true,
  description: "Temporary AWS credentials for a job's artifact bucket. Secret: for job workers only.",
})
export class AWSSessionCredentials implements sdk.AWSSessionCredentials {
  @Field(() => String)
  accessKeyId!: string;

  @Field(() => String)
  secretAccessKey!: string;

  @Field(() => String)
  sessionToken!: string;
}

/** Everything a job worker needs to run a job. */
@ObjectType({ simpleResolvers: true, description: 'Everything a job worker needs to run a job.' })
export class JobData implements sdk.JobData {
  @Field(() => ActionTypeId, { nullable: true })
  actionTypeId?: ActionTypeId;

  @Field(() => ActionConfiguration, { nullable: true })
  actionConfiguration?: ActionConfiguration;

  @Field(() => PipelineContext, { nullable: true })
  pipelineContext?: PipelineContext;

  @Field(() => [Artifact], { nullable: true })
  inputArtifacts?: Artifact[];

  @Field(() => [Artifact], { nullable: true })
  outputArtifacts?: Artifact[];

  @Field(() => AWSSessionCredentials, { nullable: true })
  artifactCredentials?: AWSSessionCredentials;

  @Field(() => String, {
    nullable: true,
    description: 'Set when a previous run of the job asked to continue.',
  })
  continuationToken?: string;

  @Field(() => EncryptionKey, { nullable: true })
  encryptionKey?: EncryptionKey;
}

/** A job as GetJobDetails returns it. */
@ObjectType({ simpleResolvers: true, description: 'A custom action job (GetJobDetails).' })
export class JobDetails implements sdk.JobDetails {
  @Field(() => String, { nullable: true })
  id?: string;

  @Field(() => JobData, { nullable: true })
  data?: JobData;

  @Field(() => String, { nullable: true })
  accountId?: string;
}

/** A job as PollForJobs returns it. */
@ObjectType({
  simpleResolvers: true,
  description: 'A custom action job handed to a job worker (PollForJobs).',
})
export class Job implements sdk.Job {
  @Field(() => String, { nullable: true })
  id?: string;

  @Field(() => JobData, { nullable: true })
  data?: JobData;

  @Field(() => String, { nullable: true, description: 'Pass to AcknowledgeJob.' })
  nonce?: string;

  @Field(() => String, { nullable: true })
  accountId?: string;
}

/** Everything a partner job worker needs to run a third-party job. */
@ObjectType({
  simpleResolvers: true,
  description: 'Everything a partner job worker needs to run a third-party job.',
})
export class ThirdPartyJobData implements sdk.ThirdPartyJobData {
  @Field(() => ActionTypeId, { nullable: true })
  actionTypeId?: ActionTypeId;

  @Field(() => ActionConfiguration, { nullable: true })
  actionConfiguration?: ActionConfiguration;

  @Field(() => PipelineContext, { nullable: true })
  pipelineContext?: PipelineContext;

  @Field(() => [Artifact], { nullable: true })
  inputArtifacts?: Artifact[];

  @Field(() => [Artifact], { nullable: true })
  outputArtifacts?: Artifact[];

  @Field(() => AWSSessionCredentials, { nullable: true })
  artifactCredentials?: AWSSessionCredentials;

  @Field(() => String, { nullable: true })
  continuationToken?: string;

  @Field(() => EncryptionKey, { nullable: true })
  encryptionKey?: EncryptionKey;
}

/** A third-party job as GetThirdPartyJobDetails returns it. */
@ObjectType({ simpleResolvers: true, description: 'A third-party action job (GetThirdPartyJobDetails).' })
export class ThirdPartyJobDetails implements sdk.ThirdPartyJobDetails {
  @Field(() => String, { nullable: true })
  id?: string;

  @Field(() => ThirdPartyJobData, { nullable: true })
  data?: ThirdPartyJobData;

  @Field(() => String, { nullable: true })
  nonce?: string;
}

/** A third-party job as PollForThirdPartyJobs returns it (IDs only). */
@ObjectType({
  simpleResolvers: true,
  description: 'A third-party job handed to a partner worker (PollForThirdPartyJobs).',
})
export class ThirdPartyJob implements sdk.ThirdPartyJob {
  @Field(() => String, { nullable: true })
  clientId?: string;

  @Field(() => String, { nullable: true })
  jobId?: string;
}
