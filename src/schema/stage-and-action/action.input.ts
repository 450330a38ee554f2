import { ArrayMaxSize, ArrayMinSize, IsString, Length, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { ActionCategory, ActionOwner, EnvironmentVariableType } from '../shared/enums';
import { JSONScalar } from '../shared/scalars';
import {
  ARTIFACT_NAME_PATTERN,
  CONFIGURATION_BOUNDS,
  ENV_NAME_PATTERN,
  IsStringMap,
  NAMESPACE_PATTERN,
  PROVIDER_PATTERN,
  ROLE_ARN_PATTERN,
} from '../pipeline/declaration-fields.input';
import { IsIntIn, IsResourceName, IsText, Optional } from '../shared/rules';

/** Names an action type in a declaration. */
@InputType({ description: 'Identifies an action type: category, owner, provider and version.' })
export class ActionTypeIdInput {
  @Field(() => ActionCategory)
  category!: ActionCategory;

  @Field(() => ActionOwner)
  owner!: ActionOwner;

  @Field(() => String)
  @IsText(1, 35, PROVIDER_PATTERN)
  provider!: string;

  @Field(() => String)
  @IsText(1, 9, PROVIDER_PATTERN)
  version!: string;
}

/** An artifact read by an action or rule. */
@InputType()
export class InputArtifactInput {
  @Field(() => String)
  @IsText(1, 100, ARTIFACT_NAME_PATTERN)
  name!: string;
}

/** An artifact an action produces. */
@InputType()
export class OutputArtifactInput {
  @Field(() => String)
  @IsText(1, 100, ARTIFACT_NAME_PATTERN)
  name!: string;

  @Field(() => [String], { nullable: true, description: 'Files kept from a Commands action output.' })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  files?: string[];
}

/** An environment variable of a compute action. */
@InputType()
export class EnvironmentVariableInput {
  @Field(() => String)
  @IsText(1, 128, ENV_NAME_PATTERN)
  name!: string;

  @Field(() => String, { description: 'The value, or the secret ID for SECRETS_MANAGER.' })
  @IsText(1, 2000)
  value!: string;

  @Field(() => EnvironmentVariableType, { nullable: true })
  type?: EnvironmentVariableType;
}

/** One action of a stage, as PipelineDeclaration declares it. */
@InputType({ description: 'An action of a stage.' })
export class ActionDeclarationInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;

  @Field(() => ActionTypeIdInput)
  @ValidateNested()
  actionTypeId!: ActionTypeIdInput;

  @Field(() => Int, {
    nullable: true,
    description: '1..999; actions with the same runOrder run in parallel.',
  })
  @Optional()
  @IsIntIn(1, 999)
  runOrder?: number;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'A string map: keys 1..50 and values 1..1000 characters; keys depend on the action type.',
  })
  @Optional()
  @IsStringMap(CONFIGURATION_BOUNDS)
  configuration?: Record<string, string>;

  @Field(() => [String], { nullable: true, description: 'Shell commands of a Commands (Compute) action.' })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  commands?: string[];

  @Field(() => [OutputArtifactInput], { nullable: true })
  @Optional()
  @ValidateNested()
  outputArtifacts?: OutputArtifactInput[];

  @Field(() => [InputArtifactInput], { nullable: true })
  @Optional()
  @ValidateNested()
  inputArtifacts?: InputArtifactInput[];

  @Field(() => [String], { nullable: true, description: 'Variables a Commands action exports.' })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(15)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  outputVariables?: string[];

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 1024, ROLE_ARN_PATTERN)
  roleArn?: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(4, 30)
  region?: string;

  @Field(() => String, { nullable: true, description: 'The namespace its output variables go to.' })
  @Optional()
  @IsText(1, 100, NAMESPACE_PATTERN)
  namespace?: string;

  @Field(() => Int, { nullable: true, description: 'Manual approvals only: 5..86400.' })
  @Optional()
  @IsIntIn(5, 86_400)
  timeoutInMinutes?: number;

  @Field(() => [EnvironmentVariableInput], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested()
  environmentVariables?: EnvironmentVariableInput[];
}
