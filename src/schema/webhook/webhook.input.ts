import { ArrayMaxSize, ArrayMinSize, ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType } from 'type-graphql';
import { WebhookAuthenticationType } from '../shared/enums';
import { IsResourceName, IsText, Optional } from '../shared/rules';
import { TagInput } from '../tag/tag.input';

/** A JSONPath condition on the webhook payload. */
@InputType()
export class WebhookFilterRuleInput {
  @Field(() => String, { description: 'A JsonPath expression, e.g. `$.ref`.' })
  @IsText(1, 150)
  jsonPath!: string;

  @Field(() => String, { nullable: true, description: 'May reference action configuration: `{Branch}`.' })
  @Optional()
  @IsText(1, 150)
  matchEquals?: string;
}

/**
 * Authentication settings. The secret is write-only: it goes upstream and
 * never comes back in any response.
 */
@InputType()
export class WebhookAuthConfigurationInput {
  @Field(() => String, { nullable: true, description: 'For IP: the allowed CIDR range.' })
  @Optional()
  @IsText(1, 100)
  AllowedIPRange?: string;

  @Field(() => String, { nullable: true, description: 'For GITHUB_HMAC: the secret (write-only).' })
  @Optional()
  @IsText(1, 100)
  SecretToken?: string;
}

/** A webhook definition, mirroring WebhookDefinition. */
@InputType()
export class WebhookDefinitionInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;

  @Field(() => String)
  @IsResourceName()
  targetPipeline!: string;

  @Field(() => String, { description: 'A source action of the target pipeline.' })
  @IsResourceName()
  targetAction!: string;

  @Field(() => [WebhookFilterRuleInput], { description: '1..5 filters, all of which must match.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested()
  filters!: WebhookFilterRuleInput[];

  @Field(() => WebhookAuthenticationType)
  authentication!: WebhookAuthenticationType;

  @Field(() => WebhookAuthConfigurationInput)
  @ValidateNested()
  authenticationConfiguration!: WebhookAuthConfigurationInput;
}

/** PutWebhook: creates a webhook or replaces its definition (its URL stays). */
@InputType()
export class PutWebhookInput extends TargetedInput {
  @Field(() => WebhookDefinitionInput)
  @ValidateNested()
  webhook!: WebhookDefinitionInput;

  @Field(() => [TagInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  tags?: TagInput[];
}

/** DeleteWebhook. */
@InputType()
export class DeleteWebhookInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;
}

/** RegisterWebhookWithThirdParty and DeregisterWebhookWithThirdParty. */
@InputType()
export class WebhookRegistrationInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  webhookName!: string;
}
