import { ArrayMaxSize, ArrayMinSize, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { BlockerType } from '../shared/enums';
import { ActionDeclarationInput } from './action.input';
import {
  BeforeEntryConditionsInput,
  FailureConditionsInput,
  SuccessConditionsInput,
} from './condition.input';
import { IsResourceName, Optional } from '../shared/rules';

/** A stage blocker. */
@InputType()
export class BlockerDeclarationInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;

  @Field(() => BlockerType)
  type!: BlockerType;
}

/** One stage of a pipeline declaration. */
@InputType({ description: 'A stage of a pipeline: 1..50 actions, optional blockers and V2 conditions.' })
export class StageDeclarationInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;

  @Field(() => [BlockerDeclarationInput], { nullable: true })
  @Optional()
  @ValidateNested()
  blockers?: BlockerDeclarationInput[];

  @Field(() => [ActionDeclarationInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested()
  actions!: ActionDeclarationInput[];

  @Field(() => FailureConditionsInput, { nullable: true })
  @Optional()
  @ValidateNested()
  onFailure?: FailureConditionsInput;

  @Field(() => SuccessConditionsInput, { nullable: true })
  @Optional()
  @ValidateNested()
  onSuccess?: SuccessConditionsInput;

  @Field(() => BeforeEntryConditionsInput, { nullable: true })
  @Optional()
  @ValidateNested()
  beforeEntry?: BeforeEntryConditionsInput;
}
