import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { ActionCategory, ActionOwner, EncryptionKeyType, RuleCategory, RuleOwner } from './enums';

/** Small leaf shapes several CodePipeline operations share; one copy so the schema has one type each. */

/** Names an action type; the key CodePipeline uses everywhere an action's kind matters. */
@ObjectType({
  simpleResolvers: true,
  description: 'Identifies an action type: category, owner, provider and version.',
})
export class ActionTypeId implements sdk.ActionTypeId {
  @Field(() => ActionCategory)
  category!: ActionCategory;

  @Field(() => ActionOwner)
  owner!: ActionOwner;

  @Field(() => String, { description: 'The provider, e.g. `CodeBuild`, `S3`, `Manual`.' })
  provider!: string;

  @Field(() => String)
  version!: string;
}

/** Names a condition rule type, the rule counterpart of {@link ActionTypeId}. */
@ObjectType({ simpleResolvers: true, description: 'Identifies a rule type used in stage conditions.' })
export class RuleTypeId implements sdk.RuleTypeId {
  @Field(() => RuleCategory)
  category!: RuleCategory;

  @Field(() => RuleOwner, { nullable: true })
  owner?: RuleOwner;

  @Field(() => String, { description: 'The provider, e.g. `DeploymentWindow`, `LambdaInvoke`.' })
  provider!: string;

  @Field(() => String, { nullable: true })
  version?: string;
}

/** The error CodePipeline attaches to a failed action or rule execution. */
@ObjectType({ simpleResolvers: true, description: 'An error reported by an action or rule execution.' })
export class ErrorDetails implements sdk.ErrorDetails {
  @Field(() => String, { nullable: true })
  code?: string;

  @Field(() => String, { nullable: true })
  message?: string;
}

/** The KMS key that encrypts artifacts, shared by artifact stores and job data. */
@ObjectType({ simpleResolvers: true, description: 'The key used to encrypt pipeline artifacts.' })
export class EncryptionKey implements sdk.EncryptionKey {
  @Field(() => String, { description: 'The KMS key ID, ARN or alias ARN.' })
  id!: string;

  @Field(() => EncryptionKeyType)
  type!: EncryptionKeyType;
}

/** How many artifacts an action or rule type accepts or produces. */
@ObjectType({
  simpleResolvers: true,
  description: 'The allowed number of input or output artifacts of an action or rule type.',
})
export class ArtifactDetails implements sdk.ArtifactDetails {
  @Field(() => Int)
  minimumCount!: number;

  @Field(() => Int)
  maximumCount!: number;
}
