import { ArrayMaxSize, ArrayMinSize, IsString, Length, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { Result, RuleCategory, RuleOwner, StageRetryMode } from '../shared/enums';
import { JSONScalar } from '../shared/scalars';
import { InputArtifactInput } from './action.input';
import {
  CONFIGURATION_BOUNDS,
  IsStringMap,
  PROVIDER_PATTERN,
  ROLE_ARN_PATTERN,
} from '../pipeline/declaration-fields.input';
import { IsIntIn, IsResourceName, IsText, Optional } from '../shared/rules';

/** Names a rule type in a condition. */
@InputType({ description: 'Identifies a rule type used in stage conditions.' })
export class RuleTypeIdInput {
  @Field(() => RuleCategory)
  category!: RuleCategory;

  @Field(() => RuleOwner, { nullable: true })
  owner?: RuleOwner;

  @Field(() => String)
  @IsText(1, 35, PROVIDER_PATTERN)
  provider!: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 9, PROVIDER_PATTERN)
  version?: string;
}

/** One rule a stage condition checks. */
@InputType({ description: 'A rule checked by a stage condition.' })
export class RuleDeclarationInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;

  @Field(() => RuleTypeIdInput)
  @ValidateNested()
  ruleTypeId!: RuleTypeIdInput;

  @Field(() => JSONScalar, { nullable: true, description: 'A string map: keys 1..50, values 1..1000.' })
  @Optional()
  @IsStringMap(CONFIGURATION_BOUNDS)
  configuration?: Record<string, string>;

  @Field(() => [String], { nullable: true, description: 'Shell commands of a Commands rule.' })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  commands?: string[];

  @Field(() => [InputArtifactInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(10)
  @ValidateNested()
  inputArtifacts?: InputArtifactInput[];

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 1024, ROLE_ARN_PATTERN)
  roleArn?: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(4, 30)
  region?: string;

  @Field(() => Int, { nullable: true })
  @Optional()
  @IsIntIn(5, 86_400)
  timeoutInMinutes?: number;
}

/** A condition: 1..5 rules and the result applied when they are not met. */
@InputType({ description: 'A stage condition: 1..5 rules, and the result applied when they fail.' })
export class ConditionInput {
  @Field(() => Result, { nullable: true })
  result?: Result;

  @Field(() => [RuleDeclarationInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested()
  rules!: RuleDeclarationInput[];
}

/** Automatic retry of a failed stage. */
@InputType()
export class RetryConfigurationInput {
  @Field(() => StageRetryMode, { nullable: true })
  retryMode?: StageRetryMode;
}

/** Gates checked before a stage is entered (V2): one condition. */
@InputType()
export class BeforeEntryConditionsInput {
  @Field(() => [ConditionInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @ValidateNested()
  conditions!: ConditionInput[];
}

/** Checks run after a stage succeeds (V2): one condition. */
@InputType()
export class SuccessConditionsInput {
  @Field(() => [ConditionInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @ValidateNested()
  conditions!: ConditionInput[];
}

/** What happens when a stage fails (V2): a result, a retry, or a condition deciding. */
@InputType()
export class FailureConditionsInput {
  @Field(() => Result, { nullable: true })
  result?: Result;

  @Field(() => RetryConfigurationInput, { nullable: true })
  @Optional()
  @ValidateNested()
  retryConfiguration?: RetryConfigurationInput;

  @Field(() => [ConditionInput], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @ValidateNested()
  conditions?: ConditionInput[];
}
