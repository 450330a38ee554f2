import { Field, InputType } from 'type-graphql';
import { TargetedInput } from '../target/targeted.input';
import { ConditionType, StageRetryMode, StageTransitionType } from '../shared/enums';
import { IsExecutionId, IsResourceName, IsText } from '../shared/rules';

/** RetryStageExecution: reruns a failed or stopped stage of its latest execution. */
@InputType()
export class RetryStageExecutionInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  pipelineName!: string;

  @Field(() => String)
  @IsResourceName()
  stageName!: string;

  @Field(() => String, {
    description: 'The execution that failed in the stage: it must be the latest there.',
  })
  @IsExecutionId()
  pipelineExecutionId!: string;

  @Field(() => StageRetryMode, {
    description: 'Rerun only the failed actions, or every action of the stage.',
  })
  retryMode!: StageRetryMode;
}

/** RollbackStage: reruns a stage with the revisions of an execution that succeeded in it. */
@InputType()
export class RollbackStageInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  pipelineName!: string;

  @Field(() => String)
  @IsResourceName()
  stageName!: string;

  @Field(() => String, { description: 'An execution that succeeded in the stage: its revisions run again.' })
  @IsExecutionId()
  targetPipelineExecutionId!: string;
}

/** OverrideStageCondition: lets an execution past a condition still being evaluated. */
@InputType()
export class OverrideStageConditionInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  pipelineName!: string;

  @Field(() => String)
  @IsResourceName()
  stageName!: string;

  @Field(() => String)
  @IsExecutionId()
  pipelineExecutionId!: string;

  @Field(() => ConditionType)
  conditionType!: ConditionType;
}

/** EnableStageTransition. */
@InputType()
export class EnableStageTransitionInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  pipelineName!: string;

  @Field(() => String)
  @IsResourceName()
  stageName!: string;

  @Field(() => StageTransitionType, { description: 'Inbound: into the stage; Outbound: out of it.' })
  transitionType!: StageTransitionType;
}

/** DisableStageTransition: holds executions before (or after) a stage, with a reason people read. */
@InputType()
export class DisableStageTransitionInput extends EnableStageTransitionInput {
  @Field(() => String, { description: 'Why, shown on the stage: 1 to 300 of [a-zA-Z0-9!@ ().*?-].' })
  @IsText(1, 300, /^[a-zA-Z0-9!@ ().*?-]+$/)
  reason!: string;
}
