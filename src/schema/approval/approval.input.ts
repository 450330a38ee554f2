import { ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { ApprovalStatus } from '../shared/enums';
import { IsExecutionId, IsResourceName, IsText, IsUuid, Optional } from '../shared/rules';

/** An approver's answer, in the graph's own terms (the API's is `ApprovalStatus`). */
export enum ApprovalDecision {
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

registerEnumType(ApprovalDecision, {
  name: 'ApprovalDecision',
  description: 'What an approver decided: the execution goes on (APPROVED) or fails (REJECTED).',
});

/** The result of a manual approval. */
@InputType()
export class ApprovalResultInput {
  @Field(() => String, { description: 'Why: 0 to 512 characters.' })
  @IsText(0, 512)
  summary!: string;

  @Field(() => ApprovalStatus)
  status!: ApprovalStatus;
}

/** Where an approval action is. */
@InputType()
class ApprovalActionAddress extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  pipelineName!: string;

  @Field(() => String)
  @IsResourceName()
  stageName!: string;

  @Field(() => String)
  @IsResourceName()
  actionName!: string;
}

/** PutApprovalResult, as the API has it: the caller holds the approval token. */
@InputType()
export class PutApprovalResultInput extends ApprovalActionAddress {
  @Field(() => ApprovalResultInput)
  @ValidateNested()
  result!: ApprovalResultInput;

  @Field(() => String, { description: 'The token of the waiting approval (GetPipelineState).' })
  @IsUuid()
  token!: string;
}

/**
 * approveAction: the gateway finds the token itself in the live state, so
 * approvers never handle tokens and never answer a gate that moved on.
 */
@InputType()
export class ApproveActionInput extends ApprovalActionAddress {
  @Field(() => String, { description: 'The execution the approver reviewed: it must be the one waiting.' })
  @IsExecutionId()
  pipelineExecutionId!: string;

  @Field(() => ApprovalDecision)
  decision!: ApprovalDecision;

  @Field(() => String, { nullable: true, description: 'Why: up to 512 characters.' })
  @Optional()
  @IsText(0, 512)
  summary?: string;
}
