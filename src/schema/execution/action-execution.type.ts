import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { ActionExecutionStatus } from '../shared/enums';
import { DateTimeScalar, JSONScalar } from '../shared/scalars';
import { ArtifactDetail } from '../shared/artifact.type';
import { ActionTypeId, ErrorDetails } from '../shared/common.type';

/** What an action execution ran with. */
@ObjectType({ simpleResolvers: true, description: 'What an action execution ran with.' })
export class ActionExecutionInput implements sdk.ActionExecutionInput {
  @Field(() => ActionTypeId, { nullable: true })
  actionTypeId?: ActionTypeId;

  @Field(() => JSONScalar, { nullable: true, description: 'The configuration as declared (string map).' })
  configuration?: Record<string, string>;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The configuration with variables substituted (string map).',
  })
  resolvedConfiguration?: Record<string, string>;

  @Field(() => String, { nullable: true })
  roleArn?: string;

  @Field(() => String, { nullable: true })
  region?: string;

  @Field(() => [ArtifactDetail], { nullable: true })
  inputArtifacts?: ArtifactDetail[];

  @Field(() => String, { nullable: true })
  namespace?: string;
}

/** What the action's provider reported back. */
@ObjectType({ simpleResolvers: true, description: "What an action's provider reported about an execution." })
export class ActionExecutionResult implements sdk.ActionExecutionResult {
  @Field(() => String, { nullable: true })
  externalExecutionId?: string;

  @Field(() => String, { nullable: true })
  externalExecutionSummary?: string;

  @Field(() => String, { nullable: true })
  externalExecutionUrl?: string;

  @Field(() => ErrorDetails, { nullable: true })
  errorDetails?: ErrorDetails;

  @Field(() => String, { nullable: true })
  logStreamARN?: string;
}

/** What an action execution produced. */
@ObjectType({ simpleResolvers: true, description: 'What an action execution produced.' })
export class ActionExecutionOutput implements sdk.ActionExecutionOutput {
  @Field(() => [ArtifactDetail], { nullable: true })
  outputArtifacts?: ArtifactDetail[];

  @Field(() => ActionExecutionResult, { nullable: true })
  executionResult?: ActionExecutionResult;

  @Field(() => JSONScalar, { nullable: true, description: 'Output variables (string map).' })
  outputVariables?: Record<string, string>;
}

/** One row of ListActionExecutions: a single run of an action. */
@ObjectType({ simpleResolvers: true, description: 'One run of an action, from action execution history.' })
export class ActionExecutionDetail implements sdk.ActionExecutionDetail {
  @Field(() => String, { nullable: true })
  pipelineExecutionId?: string;

  @Field(() => String, { nullable: true })
  actionExecutionId?: string;

  @Field(() => Int, { nullable: true })
  pipelineVersion?: number;

  @Field(() => String, { nullable: true })
  stageName?: string;

  @Field(() => String, { nullable: true })
  actionName?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  lastUpdateTime?: Date;

  @Field(() => String, { nullable: true })
  updatedBy?: string;

  @Field(() => ActionExecutionStatus, { nullable: true })
  status?: ActionExecutionStatus;

  @Field(() => ActionExecutionInput, { nullable: true })
  input?: ActionExecutionInput;

  @Field(() => ActionExecutionOutput, { nullable: true })
  output?: ActionExecutionOutput;
}
