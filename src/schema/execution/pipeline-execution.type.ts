import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { type Target } from '../../aws/target';
import { Node } from '../node/node.type';

/**
 * One run of a pipeline. It may come from ListPipelineExecutions (a summary)
 * or GetPipelineExecution (the detail); each field reads whichever is at
 * hand, and loads the detail only for what the summary lacks.
 */
@ObjectType({ implements: Node, description: 'One run of a pipeline.' })
export class PipelineExecution extends Node {
  readonly __typename = 'PipelineExecution';

  @Field(() => String)
  pipelineName: string;

  @Field(() => String)
  pipelineExecutionId: string;

  readonly target: Target;
  readonly summary?: sdk.PipelineExecutionSummary;
  readonly detail?: sdk.PipelineExecution;

  constructor(
    target: Target,
    pipelineName: string,
    pipelineExecutionId: string,
    id: string,
    from: { summary?: sdk.PipelineExecutionSummary; detail?: sdk.PipelineExecution } = {},
  ) {
    super();
    this.id = id;
    this.target = target;
    this.pipelineName = pipelineName;
    this.pipelineExecutionId = pipelineExecutionId;
    this.summary = from.summary;
    this.detail = from.detail;
  }
}
