import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { WebhookAuthenticationType } from '../shared/enums';
import { DateTimeScalar } from '../shared/scalars';
import { Tag } from '../tag/tag.type';

/**
 * Webhook authentication settings, with the secret masked: the SDK's `SecretToken` is never part of
 * the graph. Values must go through `maskWebhookItem` (webhook.mask.ts), which drops the secret and
 * sets `hasSecretToken`; a raw SDK object would fail on the non-null `hasSecretToken`.
 */
@ObjectType({
  simpleResolvers: true,
  description: 'How a webhook authenticates calls. The secret itself is never exposed.',
})
export class WebhookAuthConfiguration {
  @Field(() => String, { nullable: true, description: 'For IP authentication: the allowed CIDR range.' })
  AllowedIPRange?: string;

  @Field(() => Boolean, {
    description: 'Whether a GITHUB_HMAC secret is configured (the secret is never returned).',
  })
  hasSecretToken!: boolean;
}

/** A condition on the webhook payload that must hold for the webhook to start the pipeline. */
@ObjectType({ simpleResolvers: true, description: 'A JSONPath condition on the webhook payload.' })
export class WebhookFilterRule implements sdk.WebhookFilterRule {
  @Field(() => String)
  jsonPath!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The value to match; may reference action configuration.',
  })
  matchEquals?: string;
}

/** The definition of a (V1) webhook. */
@ObjectType({
  simpleResolvers: true,
  description: 'A webhook definition: which pipeline action it triggers and how it authenticates.',
})
export class WebhookDefinition {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  targetPipeline!: string;

  @Field(() => String, { description: 'The source action the webhook triggers.' })
  targetAction!: string;

  @Field(() => [WebhookFilterRule])
  filters!: WebhookFilterRule[];

  @Field(() => WebhookAuthenticationType)
  authentication!: WebhookAuthenticationType;

  @Field(() => WebhookAuthConfiguration)
  authenticationConfiguration!: WebhookAuthConfiguration;
}

/** One row of ListWebhooks, after `maskWebhookItem`. */
@ObjectType({ simpleResolvers: true, description: 'A webhook as listed by ListWebhooks.' })
export class ListWebhookItem {
  @Field(() => WebhookDefinition)
  definition!: WebhookDefinition;

  @Field(() => String, { description: 'The URL the source provider calls.' })
  url!: string;

  @Field(() => String, { nullable: true })
  errorMessage?: string;

  @Field(() => String, { nullable: true })
  errorCode?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  lastTriggered?: Date;

  @Field(() => String, { nullable: true })
  arn?: string;

  @Field(() => [Tag], { nullable: true })
  tags?: Tag[];
}
