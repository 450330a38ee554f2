import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType, Int } from 'type-graphql';
import { ActionCategory, ExecutorType } from '../shared/enums';
import { PROVIDER_PATTERN } from '../pipeline/declaration-fields.input';
import { IsIntIn, IsText, Optional } from '../shared/rules';

/** The Lambda function that runs a type's jobs. */
@InputType()
export class LambdaExecutorConfigurationInput {
  @Field(() => String)
  @IsText(1, 140, /^arn:aws(-[\w]+)*:lambda:.+:[0-9]{12}:function:.+$/)
  lambdaFunctionArn!: string;
}

/** Who may poll for a type's jobs. */
@InputType()
export class JobWorkerExecutorConfigurationInput {
  @Field(() => [String], { nullable: true, description: '12-digit account IDs, 1..1000.' })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(/^[0-9]{12}$/, { each: true, message: '$property must hold 12-digit account IDs' })
  pollingAccounts?: string[];

  @Field(() => [String], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  pollingServicePrincipals?: string[];
}

/** Executor settings: the one matching the executor type. */
@InputType()
export class ExecutorConfigurationInput {
  @Field(() => LambdaExecutorConfigurationInput, { nullable: true })
  @Optional()
  @ValidateNested()
  lambdaExecutorConfiguration?: LambdaExecutorConfigurationInput;

  @Field(() => JobWorkerExecutorConfigurationInput, { nullable: true })
  @Optional()
  @ValidateNested()
  jobWorkerExecutorConfiguration?: JobWorkerExecutorConfigurationInput;
}

/** How jobs of the type run. */
@InputType()
export class ActionTypeExecutorInput {
  @Field(() => ExecutorConfigurationInput)
  @ValidateNested()
  configuration!: ExecutorConfigurationInput;

  @Field(() => ExecutorType)
  type!: ExecutorType;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  policyStatementsTemplate?: string;

  @Field(() => Int, { nullable: true, description: 'Seconds, 60..43200.' })
  @Optional()
  @IsIntIn(60, 43_200)
  jobTimeout?: number;
}

/** Names the type to update. */
@InputType()
export class ActionTypeIdentifierInput {
  @Field(() => ActionCategory)
  category!: ActionCategory;

  @Field(() => String, {
    description: 'AWS or ThirdParty per the reference; Custom is passed through for custom types.',
  })
  @Matches(/^(AWS|ThirdParty|Custom)$/, { message: '$property must be AWS, ThirdParty or Custom' })
  owner!: string;

  @Field(() => String)
  @IsText(1, 35, PROVIDER_PATTERN)
  provider!: string;

  @Field(() => String)
  @IsText(1, 9, PROVIDER_PATTERN)
  version!: string;
}

/** Artifact count bounds in a declaration: 0..10 each. */
@InputType()
export class ActionTypeArtifactDetailsInput {
  @Field(() => Int)
  @IsIntIn(0, 10)
  minimumCount!: number;

  @Field(() => Int)
  @IsIntIn(0, 10)
  maximumCount!: number;
}

/** Accounts allowed to use the type. */
@InputType()
export class ActionTypePermissionsInput {
  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(/^([0-9]{12}|\*)$/, { each: true, message: '$property must hold 12-digit account IDs or *' })
  allowedAccounts!: string[];
}

/** A configuration property of the type. */
@InputType()
export class ActionTypePropertyInput {
  @Field(() => String)
  @IsText(1, 50)
  name!: string;

  @Field(() => Boolean)
  @IsBoolean()
  optional!: boolean;

  @Field(() => Boolean)
  @IsBoolean()
  key!: boolean;

  @Field(() => Boolean)
  @IsBoolean()
  noEcho!: boolean;

  @Field(() => Boolean, { nullable: true })
  queryable?: boolean;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 160)
  description?: string;
}

/** URLs of the type. */
@InputType()
export class ActionTypeUrlsInput {
  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  configurationUrl?: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  entityUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  executionUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  revisionUrlTemplate?: string;
}

/** A whole action type definition, mirroring ActionTypeDeclaration. */
@InputType()
export class ActionTypeDeclarationInput {
  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 1024)
  description?: string;

  @Field(() => ActionTypeExecutorInput)
  @ValidateNested()
  executor!: ActionTypeExecutorInput;

  @Field(() => ActionTypeIdentifierInput)
  @ValidateNested()
  id!: ActionTypeIdentifierInput;

  @Field(() => ActionTypeArtifactDetailsInput)
  @ValidateNested()
  inputArtifactDetails!: ActionTypeArtifactDetailsInput;

  @Field(() => ActionTypeArtifactDetailsInput)
  @ValidateNested()
  outputArtifactDetails!: ActionTypeArtifactDetailsInput;

  @Field(() => ActionTypePermissionsInput, { nullable: true })
  @Optional()
  @ValidateNested()
  permissions?: ActionTypePermissionsInput;

  @Field(() => [ActionTypePropertyInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(10)
  @ValidateNested()
  properties?: ActionTypePropertyInput[];

  @Field(() => ActionTypeUrlsInput, { nullable: true })
  @Optional()
  @ValidateNested()
  urls?: ActionTypeUrlsInput;
}

/** UpdateActionType. */
@InputType()
export class UpdateActionTypeInput extends TargetedInput {
  @Field(() => ActionTypeDeclarationInput)
  @ValidateNested()
  actionType!: ActionTypeDeclarationInput;
}
