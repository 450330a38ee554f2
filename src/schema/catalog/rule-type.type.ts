import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { RuleConfigurationPropertyType } from '../shared/enums';
import { ArtifactDetails, RuleTypeId } from '../shared/common.type';

/** Links CodePipeline shows for rules of a type. */
@ObjectType({ simpleResolvers: true, description: 'URL templates the console uses for rules of a type.' })
export class RuleTypeSettings implements sdk.RuleTypeSettings {
  @Field(() => String, { nullable: true })
  thirdPartyConfigurationUrl?: string;

  @Field(() => String, { nullable: true })
  entityUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  executionUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  revisionUrlTemplate?: string;
}

/** One configuration key a rule of this type accepts. */
@ObjectType({ simpleResolvers: true, description: 'A configuration property rules of a type accept.' })
export class RuleConfigurationProperty implements sdk.RuleConfigurationProperty {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => Boolean)
  key!: boolean;

  @Field(() => Boolean)
  secret!: boolean;

  @Field(() => Boolean, { nullable: true })
  queryable?: boolean;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => RuleConfigurationPropertyType, { nullable: true })
  type?: RuleConfigurationPropertyType;
}

/** A rule type usable in stage conditions, as ListRuleTypes returns it. */
@ObjectType({ simpleResolvers: true, description: 'A rule type usable in stage conditions (ListRuleTypes).' })
export class RuleType implements sdk.RuleType {
  @Field(() => RuleTypeId)
  id!: RuleTypeId;

  @Field(() => RuleTypeSettings, { nullable: true })
  settings?: RuleTypeSettings;

  @Field(() => [RuleConfigurationProperty], { nullable: true })
  ruleConfigurationProperties?: RuleConfigurationProperty[];

  @Field(() => ArtifactDetails)
  inputArtifactDetails!: ArtifactDetails;
}
