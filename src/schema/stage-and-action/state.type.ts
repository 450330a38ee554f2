import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { ActionExecutionStatus, ExecutionType, RetryTrigger, StageExecutionStatus } from '../shared/enums';
import { DateTimeScalar } from '../shared/scalars';
import { ErrorDetails } from '../shared/common.type';
import { StageConditionState } from './condition-state.type';

/** The source revision an action last worked on. */
@ObjectType({
  simpleResolvers: true,
  description: 'The revision an action last worked on (e.g. a commit of a source action).',
})
export class ActionRevision implements sdk.ActionRevision {
  @Field(() => String)
  revisionId!: string;

  @Field(() => String, { nullable: true })
  revisionChangeId!: string | undefined;

  @Field(() => DateTimeScalar, { nullable: true })
  created!: Date | undefined;
}

/** The latest run of an action, as GetPipelineState reports it. */
@ObjectType({
  simpleResolvers: true,
  description: 'The latest run of an action, as shown in pipeline state.',
})
export class ActionExecution implements sdk.ActionExecution {
  @Field(() => String, { nullable: true })
  actionExecutionId?: string;

  @Field(() => ActionExecutionStatus, { nullable: true })
  status?: ActionExecutionStatus;

  @Field(() => String, { nullable: true })
  summary?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  lastStatusChange?: Date;

  @Field(() => String, {
    nullable: true,
    description: 'For a manual approval waiting for an answer: the token PutApprovalResult needs.',
  })
  token?: string;

  @Field(() => String, { nullable: true })
  lastUpdatedBy?: string;

  @Field(() => String, { nullable: true })
  externalExecutionId?: string;

  @Field(() => String, { nullable: true })
  externalExecutionUrl?: string;

  @Field(() => Int, { nullable: true })
  percentComplete?: number;

  @Field(() => ErrorDetails, { nullable: true })
  errorDetails?: ErrorDetails;

  @Field(() => String, { nullable: true })
  logStreamARN?: string;
}

/** Live state of one action of a stage. */
@ObjectType({ simpleResolvers: true, description: 'The live state of one action.' })
export class ActionState implements sdk.ActionState {
  @Field(() => String, { nullable: true })
  actionName?: string;

  @Field(() => ActionRevision, { nullable: true })
  currentRevision?: ActionRevision;

  @Field(() => ActionExecution, { nullable: true })
  latestExecution?: ActionExecution;

  @Field(() => String, { nullable: true, description: 'Link to the resource the action works on.' })
  entityUrl?: string;

  @Field(() => String, { nullable: true })
  revisionUrl?: string;
}

/** Whether executions may enter a stage. */
@ObjectType({ simpleResolvers: true, description: 'Whether executions may move into a stage.' })
export class TransitionState implements sdk.TransitionState {
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean;

  @Field(() => String, { nullable: true })
  lastChangedBy?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  lastChangedAt?: Date;

  @Field(() => String, { nullable: true })
  disabledReason?: string;
}

/** A pipeline execution as seen by one stage. */
@ObjectType({ simpleResolvers: true, description: 'A pipeline execution as seen by one stage.' })
export class StageExecution implements sdk.StageExecution {
  @Field(() => String)
  pipelineExecutionId!: string;

  @Field(() => StageExecutionStatus)
  status!: StageExecutionStatus;

  @Field(() => ExecutionType, { nullable: true })
  type?: ExecutionType;
}

/** How often a stage has been retried. */
@ObjectType({
  simpleResolvers: true,
  description: 'How often a stage has been retried, automatically and manually.',
})
export class RetryStageMetadata implements sdk.RetryStageMetadata {
  @Field(() => Int, { nullable: true })
  autoStageRetryAttempt?: number;

  @Field(() => Int, { nullable: true })
  manualStageRetryAttempt?: number;

  @Field(() => RetryTrigger, { nullable: true })
  latestRetryTrigger?: RetryTrigger;
}

/** Live state of one stage, as GetPipelineState returns it. */
@ObjectType({
  simpleResolvers: true,
  description: 'The live state of one stage: transition, actions, conditions and executions.',
})
export class StageState implements sdk.StageState {
  @Field(() => String, { nullable: true })
  stageName?: string;

  @Field(() => StageExecution, { nullable: true, description: 'The execution waiting to enter the stage.' })
  inboundExecution?: StageExecution;

  @Field(() => [StageExecution], { nullable: true })
  inboundExecutions?: StageExecution[];

  @Field(() => TransitionState, { nullable: true })
  inboundTransitionState?: TransitionState;

  @Field(() => [ActionState], { nullable: true })
  actionStates?: ActionState[];

  @Field(() => StageExecution, { nullable: true })
  latestExecution?: StageExecution;

  @Field(() => StageConditionState, { nullable: true })
  beforeEntryConditionState?: StageConditionState;

  @Field(() => StageConditionState, { nullable: true })
  onSuccessConditionState?: StageConditionState;

  @Field(() => StageConditionState, { nullable: true })
  onFailureConditionState?: StageConditionState;

  @Field(() => RetryStageMetadata, { nullable: true })
  retryStageMetadata?: RetryStageMetadata;
}
