import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { PipelineExecutionStatus } from '../shared/enums';
import { DateTimeScalar } from '../shared/scalars';
import { PipelineExecution } from '../execution/pipeline-execution.type';
import { Pipeline } from '../pipeline/pipeline.type';

/** The object types of `revision` and `deliveryMetrics` (docs/delivery-metrics.md defines each figure). */

@InputType('RevisionFilter', { description: 'Narrows a revision lookup by target and pipeline.' })
export class RevisionFilter {
  @Field(() => [String], { nullable: true, description: 'Accounts (12 digits) to look in.' })
  accounts?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Regions to look in, e.g. eu-west-1.' })
  regions?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Pipeline names, or globs of them (`*` any run of characters, `?` one).',
  })
  pipelines?: string[] | null;
}

@ObjectType({ description: 'The furthest stage an execution reached.' })
export class FurthestStage {
  @Field(() => String)
  name!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the execution entered it.' })
  reachedAt?: Date;
}

@ObjectType({ description: 'One execution that carried a revision.' })
export class RevisionAppearance {
  @Field(() => Pipeline)
  pipeline!: Pipeline;

  @Field(() => PipelineExecution)
  execution!: PipelineExecution;

  @Field(() => PipelineExecutionStatus, { description: 'The execution status, as last recorded.' })
  status!: PipelineExecutionStatus;

  @Field(() => FurthestStage, { nullable: true, description: 'Absent when no action of it has run yet.' })
  furthestStage?: FurthestStage;

  @Field(() => DateTimeScalar, {
    description: 'When the revision entered the pipeline (the execution started).',
  })
  enteredAt!: Date;
}

@ObjectType({ description: 'Where a revision went: every execution that carried it, oldest first.' })
export class RevisionTrail {
  @Field(() => String, { description: 'The full revision id (a short sha is expanded).' })
  revisionId!: string;

  @Field(() => String, { nullable: true, description: 'The commit message.' })
  summary?: string;

  @Field(() => String, { nullable: true })
  url?: string;

  @Field(() => [RevisionAppearance])
  appearances!: RevisionAppearance[];
}

@ObjectType({ description: 'Median and 90th percentile, in seconds (nearest rank); null without data.' })
export class LeadTime {
  @Field(() => Float, { nullable: true })
  p50!: number | null;

  @Field(() => Float, { nullable: true })
  p90!: number | null;
}

@ObjectType({ description: 'From a failure to the next success of the same pipeline, in seconds.' })
export class TimeToRestore {
  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Float, { nullable: true })
  p50!: number | null;
}

@ObjectType({ description: 'How many executions ended in a status.' })
export class ExecutionStatusCount {
  @Field(() => String)
  status!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'The four DORA metrics over a window (docs/delivery-metrics.md).' })
export class DeliveryMetrics {
  @Field(() => DateTimeScalar)
  since!: Date;

  @Field(() => DateTimeScalar)
  until!: Date;

  @Field(() => Int, { description: 'Succeeded executions, rollbacks excepted.' })
  deployments!: number;

  @Field(() => Float)
  deploymentFrequencyPerDay!: number;

  @Field(() => LeadTime, { description: "From a deployment's start to its success." })
  leadTime!: LeadTime;

  @Field(() => Float, { nullable: true, description: 'Failed over (succeeded + failed); null when neither.' })
  changeFailureRate!: number | null;

  @Field(() => TimeToRestore)
  timeToRestore!: TimeToRestore;

  @Field(() => [ExecutionStatusCount], { description: 'Executions started in the window, by status.' })
  executions!: ExecutionStatusCount[];
}

@ObjectType({ description: "One pipeline's share of fleet-wide delivery metrics." })
export class PipelineDeliveryMetrics {
  @Field(() => Pipeline)
  pipeline!: Pipeline;

  @Field(() => DeliveryMetrics)
  metrics!: DeliveryMetrics;
}

@ObjectType({ description: 'Delivery metrics over many pipelines, with each one broken down.' })
export class FleetDeliveryMetrics extends DeliveryMetrics {
  @Field(() => [PipelineDeliveryMetrics])
  pipelines!: PipelineDeliveryMetrics[];
}
