import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { ActionTypeId } from '../shared/common.type';
import { BlockerDeclaration, StageDeclaration } from './stage-declaration.type';
import { BeforeEntryConditions, FailureConditions, SuccessConditions } from './condition.type';
import { StageConditionState } from './condition-state.type';
import {
  ActionExecution,
  ActionRevision,
  RetryStageMetadata,
  StageExecution,
  StageState,
  TransitionState,
} from './state.type';
import { ActionDeclaration, EnvironmentVariable } from './action-declaration.type';
import { InputArtifact, OutputArtifact } from '../shared/artifact.type';
import { JSONScalar } from '../shared/scalars';
import { Int } from 'type-graphql';

/**
 * An action as a dashboard wants it: what it is (declaration) and how it last
 * ran (state), joined. Built eagerly from data already loaded: no resolvers.
 */
@ObjectType({
  simpleResolvers: true,
  description: 'An action: its declaration joined with its latest execution.',
})
export class Action {
  @Field(() => String)
  name!: string;

  @Field(() => ActionTypeId)
  actionTypeId!: sdk.ActionTypeId;

  @Field(() => Int, { nullable: true })
  runOrder?: number;

  @Field(() => JSONScalar, { nullable: true, description: 'Configuration as declared.' })
  configuration?: Record<string, string>;

  @Field(() => [String], { nullable: true })
  commands?: string[];

  @Field(() => [OutputArtifact], { nullable: true })
  outputArtifacts?: sdk.OutputArtifact[];

  @Field(() => [InputArtifact], { nullable: true })
  inputArtifacts?: sdk.InputArtifact[];

  @Field(() => [String], { nullable: true })
  outputVariables?: string[];

  @Field(() => String, { nullable: true })
  roleArn?: string;

  @Field(() => String, { nullable: true })
  region?: string;

  @Field(() => String, { nullable: true })
  namespace?: string;

  @Field(() => Int, { nullable: true })
  timeoutInMinutes?: number;

  @Field(() => [EnvironmentVariable], { nullable: true })
  environmentVariables?: sdk.EnvironmentVariable[];

  @Field(() => ActionExecution, {
    nullable: true,
    description: 'The latest execution, with the approval `token` while a Manual approval waits.',
  })
  latestExecution?: sdk.ActionExecution;

  @Field(() => ActionRevision, { nullable: true })
  currentRevision?: sdk.ActionRevision;

  @Field(() => String, { nullable: true })
  entityUrl?: string;

  @Field(() => String, { nullable: true })
  revisionUrl?: string;

  @Field(() => ActionDeclaration, { description: 'The raw declaration.' })
  declaration!: sdk.ActionDeclaration;
}

/**
 * A stage as a dashboard wants it: declaration joined with live state, so one
 * query draws the whole pipeline.
 */
@ObjectType({ simpleResolvers: true, description: 'A stage: its declaration joined with its live state.' })
export class Stage {
  @Field(() => String)
  name!: string;

  @Field(() => [Action])
  actions!: Action[];

  @Field(() => [BlockerDeclaration], { nullable: true })
  blockers?: sdk.BlockerDeclaration[];

  @Field(() => TransitionState, { nullable: true, description: 'Whether executions may enter this stage.' })
  inboundTransition?: sdk.TransitionState;

  @Field(() => StageExecution, {
    nullable: true,
    description: 'An execution waiting to enter (transition disabled).',
  })
  inboundExecution?: sdk.StageExecution;

  @Field(() => [StageExecution], { nullable: true, description: 'Executions queued to enter (QUEUED mode).' })
  inboundExecutions?: sdk.StageExecution[];

  @Field(() => StageExecution, { nullable: true })
  latestExecution?: sdk.StageExecution;

  @Field(() => BeforeEntryConditions, { nullable: true })
  beforeEntry?: sdk.BeforeEntryConditions;

  @Field(() => SuccessConditions, { nullable: true })
  onSuccess?: sdk.SuccessConditions;

  @Field(() => FailureConditions, { nullable: true })
  onFailure?: sdk.FailureConditions;

  @Field(() => StageConditionState, { nullable: true })
  beforeEntryConditionState?: sdk.StageConditionState;

  @Field(() => StageConditionState, { nullable: true })
  onSuccessConditionState?: sdk.StageConditionState;

  @Field(() => StageConditionState, { nullable: true })
  onFailureConditionState?: sdk.StageConditionState;

  @Field(() => RetryStageMetadata, { nullable: true })
  retryStageMetadata?: sdk.RetryStageMetadata;

  @Field(() => StageDeclaration, { description: 'The raw declaration.' })
  declaration!: sdk.StageDeclaration;

  @Field(() => StageState, { nullable: true, description: 'The raw state; null before the stage ever ran.' })
  state?: sdk.StageState;
}
