import { ArrayMaxSize, IsBoolean, ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType, Int } from 'type-graphql';
import { ActionCategory, ActionConfigurationPropertyType } from '../shared/enums';
import { PROVIDER_PATTERN } from '../pipeline/declaration-fields.input';
import { IsIntIn, IsText, Optional } from '../shared/rules';
import { TagInput } from '../tag/tag.input';

/** URL templates the console shows for actions of a custom type. */
@InputType()
export class ActionTypeSettingsInput {
  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  thirdPartyConfigurationUrl?: string;

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

/** A configuration key actions of a custom type accept. */
@InputType()
export class ActionConfigurationPropertyInput {
  @Field(() => String)
  @IsText(1, 50)
  name!: string;

  @Field(() => Boolean)
  @IsBoolean()
  required!: boolean;

  @Field(() => Boolean)
  @IsBoolean()
  key!: boolean;

  @Field(() => Boolean, { description: 'Secret values are masked.' })
  @IsBoolean()
  secret!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'At most one property; required and not secret.' })
  queryable?: boolean;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 160)
  description?: string;

  @Field(() => ActionConfigurationPropertyType, { nullable: true })
  type?: ActionConfigurationPropertyType;
}

/** Artifact count bounds of a custom type: 0..5 each. */
@InputType()
export class ArtifactDetailsInput {
  @Field(() => Int)
  @IsIntIn(0, 5)
  minimumCount!: number;

  @Field(() => Int)
  @IsIntIn(0, 5)
  maximumCount!: number;
}

/** The category, provider and version that name a custom action type. */
@InputType()
export class CustomActionTypeNameInput extends TargetedInput {
  @Field(() => ActionCategory)
  category!: ActionCategory;

  @Field(() => String)
  @IsText(1, 35, PROVIDER_PATTERN)
  provider!: string;

  @Field(() => String)
  @IsText(1, 9, PROVIDER_PATTERN)
  version!: string;
}

/** CreateCustomActionType. */
@InputType()
export class CreateCustomActionTypeInput extends CustomActionTypeNameInput {
  @Field(() => ActionTypeSettingsInput, { nullable: true })
  @Optional()
  @ValidateNested()
  settings?: ActionTypeSettingsInput;

  @Field(() => [ActionConfigurationPropertyInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(10)
  @ValidateNested()
  configurationProperties?: ActionConfigurationPropertyInput[];

  @Field(() => ArtifactDetailsInput)
  @ValidateNested()
  inputArtifactDetails!: ArtifactDetailsInput;

  @Field(() => ArtifactDetailsInput)
  @ValidateNested()
  outputArtifactDetails!: ArtifactDetailsInput;

  @Field(() => [TagInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  tags?: TagInput[];
}

/** DeleteCustomActionType. */
@InputType()
export class DeleteCustomActionTypeInput extends CustomActionTypeNameInput {}
