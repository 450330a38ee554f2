import { Field, ObjectType } from 'type-graphql';
import { PipelineExecution } from '../execution/pipeline-execution.type';
import { Pipeline } from '../pipeline/pipeline.type';

/** What putActionRevision returns. */
@ObjectType({ description: 'A source revision reported (PutActionRevision), and the execution it runs in.' })
export class PutActionRevisionPayload {
  @Field(() => Boolean, {
    description: 'True when the pipeline had not seen the revision: it started a run.',
  })
  newRevision!: boolean;

  @Field(() => String, { nullable: true })
  pipelineExecutionId!: string | null;

  @Field(() => PipelineExecution, { nullable: true })
  pipelineExecution!: PipelineExecution | null;

  @Field(() => Pipeline)
  pipeline!: Pipeline;
}
