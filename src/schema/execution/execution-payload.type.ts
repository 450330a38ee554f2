import { Field, ObjectType } from 'type-graphql';
import { PipelineExecution } from './pipeline-execution.type';
import { Pipeline } from '../pipeline/pipeline.type';

/**
 * What control mutations return: the execution they touched and its
 * pipeline, as graph objects, so a client refreshes its view in the same
 * round trip. Both resolve after the cache was invalidated.
 */
@ObjectType({ description: 'The execution a control mutation touched, and its pipeline.' })
export class ExecutionPayload {
  @Field(() => String)
  pipelineExecutionId!: string;

  @Field(() => PipelineExecution, { nullable: true })
  pipelineExecution!: PipelineExecution | null;

  @Field(() => Pipeline)
  pipeline!: Pipeline;
}
