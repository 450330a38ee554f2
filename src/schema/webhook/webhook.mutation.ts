import {
  DeleteWebhookCommand,
  DeregisterWebhookWithThirdPartyCommand,
  PutWebhookCommand,
  RegisterWebhookWithThirdPartyCommand,
} from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { webhookTarget } from '../auth/scope';
import { type GatewayContext } from '../context';
import { maskWebhookItem, type MaskedWebhookItem } from './webhook.mask';
import { ListWebhookItem } from './webhook.type';
import { effects } from '../write/effects';
import { DeleteWebhookInput, PutWebhookInput, WebhookRegistrationInput } from './webhook.input';
import { plainInput } from '../shared/plain-input';
import { type MutationEffects, runMutation } from '../write/run-mutation';

/** What putWebhook returns: the webhook as ListWebhooks shows it, its secret masked. */
@ObjectType({ description: 'The webhook putWebhook stored. The secret token is never returned.' })
export class PutWebhookPayload {
  @Field(() => ListWebhookItem)
  webhook!: MaskedWebhookItem;
}

/** What deleteWebhook returns. */
@ObjectType({ description: 'The outcome of deleteWebhook.' })
export class DeleteWebhookPayload {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'True once the webhook no longer exists (a missing one succeeds).' })
  deleted!: boolean;
}

/** What the third-party registration mutations return. */
@ObjectType({ description: 'The outcome of registering or deregistering a webhook with its third party.' })
export class WebhookRegistrationPayload {
  @Field(() => String)
  webhookName!: string;

  @Field(() => Boolean)
  ok!: boolean;
}

/** A webhook's list entry and, once it has an ARN, its tags. */
function webhookEffects(ctx: GatewayContext, arn: string | undefined): MutationEffects {
  const list = effects.webhooks(ctx.target);
  if (!arn) return list;
  return { tags: [...(list.tags ?? []), ...(effects.tags(ctx.target, arn).tags ?? [])] };
}

/** Creates, deletes and (de)registers webhooks. Secret tokens go upstream only. */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class WebhookMutationResolver {
  @Mutation(() => PutWebhookPayload, {
    description: 'Creates a webhook or replaces its definition (PutWebhook). The URL stays the same.',
  })
  async putWebhook(
    @Arg('input', () => PutWebhookInput) input: PutWebhookInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<PutWebhookPayload> {
    const out = await runMutation(
      ctx,
      'PutWebhook',
      new PutWebhookCommand(plainInput(input)),
      (result) => webhookEffects(ctx, result.webhook?.arn),
      input.webhook.targetPipeline,
    );
    return { webhook: maskWebhookItem(out.webhook ?? { definition: undefined, url: undefined }) };
  }

  @Mutation(() => DeleteWebhookPayload, { description: 'Deletes a webhook (DeleteWebhook).' })
  async deleteWebhook(
    @Arg('input', () => DeleteWebhookInput) input: DeleteWebhookInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeleteWebhookPayload> {
    await runMutation(
      ctx,
      'DeleteWebhook',
      new DeleteWebhookCommand({ name: input.name }),
      () => effects.webhooks(ctx.target),
      await webhookTarget(ctx, 'DeleteWebhook', input.name),
    );
    return { name: input.name, deleted: true };
  }

  @Mutation(() => WebhookRegistrationPayload, {
    description: 'Registers a webhook with its third party, e.g. GitHub (RegisterWebhookWithThirdParty).',
  })
  async registerWebhookWithThirdParty(
    @Arg('input', () => WebhookRegistrationInput) input: WebhookRegistrationInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<WebhookRegistrationPayload> {
    await runMutation(
      ctx,
      'RegisterWebhookWithThirdParty',
      new RegisterWebhookWithThirdPartyCommand({ webhookName: input.webhookName }),
      () => effects.webhooks(ctx.target),
      await webhookTarget(ctx, 'RegisterWebhookWithThirdParty', input.webhookName),
    );
    return { webhookName: input.webhookName, ok: true };
  }

  @Mutation(() => WebhookRegistrationPayload, {
    description: 'Removes the webhook from its third party (DeregisterWebhookWithThirdParty).',
  })
  async deregisterWebhookWithThirdParty(
    @Arg('input', () => WebhookRegistrationInput) input: WebhookRegistrationInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<WebhookRegistrationPayload> {
    await runMutation(
      ctx,
      'DeregisterWebhookWithThirdParty',
      new DeregisterWebhookWithThirdPartyCommand({ webhookName: input.webhookName }),
      () => effects.webhooks(ctx.target),
      await webhookTarget(ctx, 'DeregisterWebhookWithThirdParty', input.webhookName),
    );
    return { webhookName: input.webhookName, ok: true };
  }
}
