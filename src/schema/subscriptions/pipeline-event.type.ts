import type * as sdk from '@aws-sdk/client-codepipeline';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../shared/scalars';
import { ActionTypeId } from '../shared/common.type';
import { PipelineEventKind } from './pipeline-event';

registerEnumType(PipelineEventKind, {
  name: 'PipelineEventKind',
  description: 'What changed, modelled on the EventBridge CodePipeline events.',
});

/** Where an event happened: the account and region of the pipeline. */
@ObjectType({ description: 'The account and region an event comes from.' })
export class EventTarget {
  @Field(() => String)
  accountId!: string;

  @Field(() => String)
  region!: string;
}

/** A detected state change, pushed to subscribers. */
@ObjectType({
  simpleResolvers: true,
  description: 'A pipeline, stage or action state change, or an approval now waiting.',
})
export class PipelineEvent {
  @Field(() => String, { description: 'Pass as `after` when resubscribing to replay what was missed.' })
  cursor!: string;

  @Field(() => PipelineEventKind)
  kind!: PipelineEventKind;

  @Field(() => String)
  pipelineName!: string;

  @Field(() => String, { nullable: true })
  pipelineExecutionId?: string;

  @Field(() => String, { nullable: true })
  stageName?: string;

  @Field(() => String, { nullable: true })
  actionName?: string;

  @Field(() => ActionTypeId, { nullable: true })
  actionType?: sdk.ActionTypeId;

  @Field(() => String, { description: 'The new status, in the API words (InProgress, Succeeded, ...).' })
  state!: string;

  @Field(() => String, { nullable: true })
  previousState?: string;

  @Field(() => DateTimeScalar, { description: 'When the gateway detected the change.' })
  detectedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The pipeline version the change was seen on.' })
  version?: number;

  @Field(() => EventTarget)
  target!: EventTarget;
}

/** Narrows `pipelineEvents`. Every member present narrows; absent members match everything. */
@InputType('PipelineEventFilter')
export class PipelineEventFilterInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  pipelineNames?: string[];

  @Field(() => [PipelineEventKind], { nullable: true })
  kinds?: PipelineEventKind[];

  @Field(() => [String], { nullable: true, description: 'States such as Failed or Succeeded.' })
  @IsOptional()
  @ArrayMaxSize(20)
  states?: string[];

  @Field(() => [String], { nullable: true, description: 'Accounts (12 digits) whose events to deliver.' })
  @IsOptional()
  @ArrayMaxSize(100)
  accounts?: string[];

  @Field(() => [String], { nullable: true, description: 'Regions whose events to deliver.' })
  @IsOptional()
  @ArrayMaxSize(50)
  regions?: string[];
}
