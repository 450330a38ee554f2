import { type OperationContext, type OperationTable } from '../core/context';
import { awsError, validationError } from '../core/errors';
import { type Input, maxResults, optionalString, requireName } from '../core/input';
import { NAME_PATTERN } from '../core/input';
import { checkTags, mergeTags } from '../validation/tags';
import { checkWebhookDefinition } from '../validation/webhook';
import { currentDeclaration, requirePipeline } from './pipelines/records';
import { webhookArn } from './pipelines/tagged-resources';
import { MAX_WEBHOOKS, newWebhookUrl, presentWebhook, requireWebhook } from './pipelines/webhook-records';

/** Creates a webhook, or replaces the definition of an existing one while keeping its URL. */
function putWebhook(input: Input, ctx: OperationContext) {
  const definition = checkWebhookDefinition(input.webhook);
  const tags = input.tags === undefined || input.tags === null ? undefined : checkTags(input.tags);
  const pipeline = requirePipeline(ctx.state, definition.targetPipeline as string);
  const action = currentDeclaration(pipeline).stages?.[0]?.actions?.find(
    (a) => a.name === definition.targetAction,
  );
  if (!action) {
    throw validationError(
      `Webhook target action '${definition.targetAction}' is not an action of the source stage of pipeline '${pipeline.name}'`,
    );
  }

  const name = definition.name as string;
  const existing = ctx.state.webhooks.get(name);
  if (!existing && ctx.state.webhooks.size >= MAX_WEBHOOKS) {
    throw awsError(
      'LimitExceededException',
      `An account can have at most ${MAX_WEBHOOKS} webhooks per Region`,
    );
  }
  const arn = webhookArn(ctx.target, name);
  if (tags) ctx.state.tags.set(arn, mergeTags(ctx.state.tags.get(arn) ?? [], tags));
  const record = {
    item: {
      definition: structuredClone(definition),
      url: existing?.item.url ?? newWebhookUrl(ctx.target),
      arn,
      lastTriggered: existing?.item.lastTriggered,
    },
    registeredWithThirdParty: existing?.registeredWithThirdParty ?? false,
  };
  ctx.state.webhooks.set(name, record);
  return { webhook: presentWebhook(ctx.state, record) };
}

/** Deleting a webhook that does not exist succeeds, as the reference documents. */
function deleteWebhook(input: Input, ctx: OperationContext) {
  const name = requireName(input, 'name');
  const record = ctx.state.webhooks.get(name);
  if (record) {
    ctx.state.webhooks.delete(name);
    if (record.item.arn !== undefined) ctx.state.tags.delete(record.item.arn);
  }
  return {};
}

function listWebhooks(input: Input, ctx: OperationContext) {
  const limit = optionalLimit(input);
  const nextToken = optionalString(input, 'NextToken', { min: 1, max: 2048 });
  const all = [...ctx.state.webhooks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, record]) => presentWebhook(ctx.state, record));
  const page = ctx.tokens.page('ListWebhooks', all, limit, nextToken);
  return { webhooks: page.items, NextToken: page.nextToken };
}

/** ListWebhooks spells its paging members with capitals, unlike every other list. */
function optionalLimit(input: Input): number {
  return maxResults({ maxResults: input.MaxResults }, 100, 100);
}

function webhookName(input: Input): string | undefined {
  return optionalString(input, 'webhookName', { min: 1, max: 100, pattern: NAME_PATTERN });
}

/** AWS registers webhooks only with GitHub, the one third party it configures itself. */
function registerWebhookWithThirdParty(input: Input, ctx: OperationContext) {
  const record = requireWebhook(ctx.state, webhookName(input));
  const definition = record.item.definition;
  const pipeline = ctx.state.pipelines.get(definition?.targetPipeline ?? '');
  const action = pipeline
    ? currentDeclaration(pipeline).stages?.[0]?.actions?.find((a) => a.name === definition?.targetAction)
    : undefined;
  const type = action?.actionTypeId;
  if (!type || type.owner !== 'ThirdParty' || type.provider !== 'GitHub') {
    throw validationError(
      `Webhook '${definition?.name}' does not target a GitHub source action; only GitHub webhooks can be registered with a third party`,
    );
  }
  record.registeredWithThirdParty = true;
  return {};
}

function deregisterWebhookWithThirdParty(input: Input, ctx: OperationContext) {
  const record = requireWebhook(ctx.state, webhookName(input));
  record.registeredWithThirdParty = false;
  return {};
}

/**
 * Webhooks: definitions stored in `state.webhooks`, tags in the shared tag
 * store, secret tokens redacted on the way out as AWS does.
 */
export const webhooksOperations: OperationTable = {
  PutWebhook: putWebhook,
  DeleteWebhook: deleteWebhook,
  ListWebhooks: listWebhooks,
  RegisterWebhookWithThirdParty: registerWebhookWithThirdParty,
  DeregisterWebhookWithThirdParty: deregisterWebhookWithThirdParty,
};
