import { IsDate, ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType } from 'type-graphql';
import { DateTimeScalar } from '../shared/scalars';
import { IsResourceName, IsText } from '../shared/rules';

/** A revision a source action saw. */
@InputType()
export class ActionRevisionInput {
  @Field(() => String, { description: 'The revision (a commit id, an object version...): 1 to 1500.' })
  @IsText(1, 1500)
  revisionId!: string;

  @Field(() => String, { description: 'The change that made it (often the same id): 1 to 100.' })
  @IsText(1, 100)
  revisionChangeId!: string;

  @Field(() => DateTimeScalar)
  @IsDate()
  created!: Date;
}

/** PutActionRevision: tells a source action about a revision; a new one starts an execution. */
@InputType()
export class PutActionRevisionInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  pipelineName!: string;

  @Field(() => String)
  @IsResourceName()
  stageName!: string;

  @Field(() => String)
  @IsResourceName()
  actionName!: string;

  @Field(() => ActionRevisionInput)
  @ValidateNested()
  actionRevision!: ActionRevisionInput;
}
