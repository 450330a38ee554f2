import {
  type ActionType,
  type ActionTypeDeclaration,
  GetActionTypeCommand,
  ListActionTypesCommand,
  ListRuleTypesCommand,
  ListTagsForResourceCommand,
  ListWebhooksCommand,
  type ListWebhookItem,
  type RuleType,
  type Tag,
} from '@aws-sdk/client-codepipeline';
import { cacheKey } from '../cache/keys';
import { invalidationTags } from './invalidation-tags';
import { type ActionTypeKey, type ActionTypesKey, type PageKey, type RuleTypesKey } from './keys';
import { type LoaderKit } from './loader-kit';
import { allPages, type UpstreamPage } from './upstream-page';

/** Loaders for slow-changing catalog data (tags, action and rule types) and webhooks: long TTLs, own tags. */
export function createCatalogAndWebhooksLoaders({ target, ttls, read }: LoaderKit) {
  return {
    tags: read<string, Tag[]>({
      operation: 'ListTagsForResource',
      kind: 'tags',
      cacheKey: (arn) => cacheKey('tags', target, arn),
      tags: (arn) => [invalidationTags.tags(target, arn)],
      freshMs: () => ttls.tagsMs,
      fetch: (arn, send) =>
        allPages(async (token) => {
          const out = await send(new ListTagsForResourceCommand({ resourceArn: arn, nextToken: token }));
          return { items: out.tags ?? [], nextToken: out.nextToken };
        }),
    }),

    actionTypes: read<ActionTypesKey, ActionType[]>({
      operation: 'ListActionTypes',
      kind: 'action-types',
      cacheKey: (k) => cacheKey('action-types', target, k.owner, k.region),
      tags: () => [invalidationTags.types(target)],
      freshMs: () => ttls.typesMs,
      fetch: (k, send) =>
        allPages(async (token) => {
          const out = await send(
            new ListActionTypesCommand({
              actionOwnerFilter: k.owner,
              regionFilter: k.region,
              nextToken: token,
            }),
          );
          return { items: out.actionTypes ?? [], nextToken: out.nextToken };
        }),
    }),

    actionTypeDeclaration: read<ActionTypeKey, ActionTypeDeclaration | null>({
      operation: 'GetActionType',
      kind: 'action-type',
      cacheKey: (k) => cacheKey('action-type', target, k.owner, k.category, k.provider, k.version),
      tags: () => [invalidationTags.types(target)],
      freshMs: () => ttls.typesMs,
      fetch: async (k, send) => (await send(new GetActionTypeCommand(k))).actionType ?? null,
    }),

    ruleTypes: read<RuleTypesKey, RuleType[]>({
      operation: 'ListRuleTypes',
      kind: 'rule-types',
      cacheKey: (k) => cacheKey('rule-types', target, k.owner, k.region),
      tags: () => [invalidationTags.types(target)],
      freshMs: () => ttls.typesMs,
      fetch: async (k, send) =>
        (await send(new ListRuleTypesCommand({ ruleOwnerFilter: k.owner, regionFilter: k.region })))
          .ruleTypes ?? [],
    }),

    webhooksPage: read<PageKey, UpstreamPage<ListWebhookItem>>({
      operation: 'ListWebhooks',
      kind: 'webhooks',
      cacheKey: (k) => cacheKey('webhooks', target, k.size, k.token),
      tags: () => [invalidationTags.webhookList(target)],
      freshMs: () => ttls.listMs,
      fetch: async (k, send) => {
        const out = await send(new ListWebhooksCommand({ MaxResults: k.size, NextToken: k.token }));
        return { items: out.webhooks ?? [], nextToken: out.NextToken };
      },
    }),
  };
}
