import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { ExecutionMode, ExecutionType, PipelineExecutionStatus, TriggerType } from '../shared/enums';
import { DateTimeScalar } from '../shared/scalars';

/** A source revision a pipeline execution ran with (GetPipelineExecution). */
@ObjectType({ simpleResolvers: true, description: 'A source artifact revision an execution ran with.' })
export class ArtifactRevision implements sdk.ArtifactRevision {
  @Field(() => String, { nullable: true, description: 'The output artifact name.' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'E.g. a commit ID or S3 version ID.' })
  revisionId?: string;

  @Field(() => String, { nullable: true })
  revisionChangeIdentifier?: string;

  @Field(() => String, { nullable: true, description: 'E.g. a commit message.' })
  revisionSummary?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  created?: Date;

  @Field(() => String, { nullable: true })
  revisionUrl?: string;
}

/** The value a pipeline variable had in one execution. */
@ObjectType({
  simpleResolvers: true,
  description: 'The value a pipeline variable resolved to in one execution.',
})
export class ResolvedPipelineVariable implements sdk.ResolvedPipelineVariable {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  resolvedValue?: string;
}

/** What started an execution. */
@ObjectType({ simpleResolvers: true, description: 'What started an execution.' })
export class ExecutionTrigger implements sdk.ExecutionTrigger {
  @Field(() => TriggerType, { nullable: true })
  triggerType?: TriggerType;

  @Field(() => String, { nullable: true, description: 'E.g. the user ARN or the event that started it.' })
  triggerDetail?: string;
}

/** For a rollback execution, the execution it rolled back to. */
@ObjectType({ simpleResolvers: true, description: 'For a rollback execution: the execution rolled back to.' })
export class PipelineRollbackMetadata implements sdk.PipelineRollbackMetadata {
  @Field(() => String, { nullable: true })
  rollbackTargetPipelineExecutionId?: string;
}

/** The revision a source action used in an execution (ListPipelineExecutions). */
@ObjectType({ simpleResolvers: true, description: 'The revision one source action used in an execution.' })
export class SourceRevision implements sdk.SourceRevision {
  @Field(() => String)
  actionName!: string;

  @Field(() => String, { nullable: true })
  revisionId?: string;

  @Field(() => String, { nullable: true })
  revisionSummary?: string;

  @Field(() => String, { nullable: true })
  revisionUrl?: string;
}

/** Why an execution was stopped. */
@ObjectType({ simpleResolvers: true, description: 'Why an execution was stopped.' })
export class StopExecutionTrigger implements sdk.StopExecutionTrigger {
  @Field(() => String, { nullable: true })
  reason?: string;
}

/** One row of ListPipelineExecutions. */
@ObjectType({ simpleResolvers: true, description: 'A pipeline execution as listed in execution history.' })
export class PipelineExecutionSummary implements sdk.PipelineExecutionSummary {
  @Field(() => String, { nullable: true })
  pipelineExecutionId?: string;

  @Field(() => PipelineExecutionStatus, { nullable: true })
  status?: PipelineExecutionStatus;

  @Field(() => String, { nullable: true })
  statusSummary?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  lastUpdateTime?: Date;

  @Field(() => [SourceRevision], { nullable: true })
  sourceRevisions?: SourceRevision[];

  @Field(() => ExecutionTrigger, { nullable: true })
  trigger?: ExecutionTrigger;

  @Field(() => StopExecutionTrigger, { nullable: true })
  stopTrigger?: StopExecutionTrigger;

  @Field(() => ExecutionMode, { nullable: true })
  executionMode?: ExecutionMode;

  @Field(() => ExecutionType, { nullable: true })
  executionType?: ExecutionType;

  @Field(() => PipelineRollbackMetadata, { nullable: true })
  rollbackMetadata?: PipelineRollbackMetadata;
}
