import { Field, ObjectType } from 'type-graphql';
import { PipelineExecution } from '../execution/pipeline-execution.type';
import { Pipeline } from '../pipeline/pipeline.type';
import { DateTimeScalar } from '../shared/scalars';
import { ApprovalDecision } from './approval.input';

/** What putApprovalResult returns. */
@ObjectType({ description: 'An approval answered with its token (PutApprovalResult), and its pipeline.' })
export class PutApprovalResultPayload {
  @Field(() => DateTimeScalar, { nullable: true })
  approvedAt?: Date;

  @Field(() => Pipeline)
  pipeline!: Pipeline;
}

/** What approveAction returns: the decision and the execution it lets on (or fails). */
@ObjectType({ description: 'An approval decided by approveAction, with the execution and pipeline.' })
export class ApproveActionPayload {
  @Field(() => DateTimeScalar, { nullable: true })
  approvedAt?: Date;

  @Field(() => ApprovalDecision)
  decision!: ApprovalDecision;

  @Field(() => PipelineExecution, { nullable: true })
  pipelineExecution!: PipelineExecution | null;

  @Field(() => Pipeline)
  pipeline!: Pipeline;
}

/**
 * A manual approval waiting for a person. It carries no token on purpose:
 * approvers decide through approveAction, which finds the live token itself.
 */
@ObjectType({ description: 'A manual approval waiting for a decision. Answer it with approveAction.' })
export class PendingApproval {
  @Field(() => String)
  pipelineName!: string;

  @Field(() => String)
  stageName!: string;

  @Field(() => String)
  actionName!: string;

  @Field(() => String, { description: 'The execution waiting at the gate: pass it to approveAction.' })
  pipelineExecutionId!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Since when it has been waiting.' })
  since?: Date;

  @Field(() => String, { nullable: true, description: 'What to review: the CustomData of the action.' })
  summary?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The ExternalEntityLink of the action: where to look.',
  })
  externalEntityLink?: string;

  @Field(() => Pipeline)
  pipeline!: Pipeline;
}
