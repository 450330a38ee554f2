import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { ActionConfigurationPropertyType } from '../shared/enums';
import { ActionTypeId, ArtifactDetails } from '../shared/common.type';

/** Links CodePipeline shows for actions of a type. */
@ObjectType({ simpleResolvers: true, description: 'URL templates the console uses for actions of a type.' })
export class ActionTypeSettings implements sdk.ActionTypeSettings {
  @Field(() => String, { nullable: true })
  thirdPartyConfigurationUrl?: string;

  @Field(() => String, { nullable: true })
  entityUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  executionUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  revisionUrlTemplate?: string;
}

/** One configuration key an action of this type accepts. */
@ObjectType({ simpleResolvers: true, description: 'A configuration property actions of a type accept.' })
export class ActionConfigurationProperty implements sdk.ActionConfigurationProperty {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => Boolean)
  key!: boolean;

  @Field(() => Boolean, { description: 'Secret values are masked in action configurations.' })
  secret!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Job workers can filter on it in PollForJobs.' })
  queryable?: boolean;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => ActionConfigurationPropertyType, { nullable: true })
  type?: ActionConfigurationPropertyType;
}

/** An action type as ListActionTypes returns it. */
@ObjectType({
  simpleResolvers: true,
  description: 'An action type available to pipelines (ListActionTypes).',
})
export class ActionType implements sdk.ActionType {
  @Field(() => ActionTypeId)
  id!: ActionTypeId;

  @Field(() => ActionTypeSettings, { nullable: true })
  settings?: ActionTypeSettings;

  @Field(() => [ActionConfigurationProperty], { nullable: true })
  actionConfigurationProperties?: ActionConfigurationProperty[];

  @Field(() => ArtifactDetails)
  inputArtifactDetails!: ArtifactDetails;

  @Field(() => ArtifactDetails)
  outputArtifactDetails!: ArtifactDetails;
}
