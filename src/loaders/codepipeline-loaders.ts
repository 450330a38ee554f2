import {
  type ActionExecutionDetail,
  type ActionType,
  type ActionTypeDeclaration,
  type CodePipelineClient,
  type DeployActionExecutionTarget,
  GetActionTypeCommand,
  GetJobDetailsCommand,
  type GetPipelineOutput,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  type GetPipelineStateOutput,
  GetThirdPartyJobDetailsCommand,
  type JobDetails,
  ListActionExecutionsCommand,
  ListActionTypesCommand,
  ListDeployActionExecutionTargetsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListRuleExecutionsCommand,
  ListRuleTypesCommand,
  ListTagsForResourceCommand,
  ListWebhooksCommand,
  type ListWebhookItem,
  type PipelineExecution,
  type PipelineExecutionSummary,
  type PipelineSummary,
  type RuleExecutionDetail,
  type RuleType,
  type Tag,
  type ThirdPartyJobDetails,
} from '@aws-sdk/client-codepipeline';
import type DataLoader from 'dataloader';
import { type Target } from '../aws/target';
import { cacheKey } from '../cache/keys';
import { createCachedLoader, type CachedLoaderSpec } from './cached-loader';
import { invalidationTags } from './invalidation-tags';
import {
  type ActionExecutionsPageKey,
  type ActionTypeKey,
  type ActionTypesKey,
  type DeployTargetsPageKey,
  type ExecutionKey,
  type ExecutionsPageKey,
  type PageKey,
  type PipelineKey,
  type RuleExecutionsPageKey,
  type RuleTypesKey,
  stableJson,
  type ThirdPartyJobKey,
} from './keys';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';
import { type CacheTtls } from './ttl';

/** One page of an upstream list, in a uniform shape. */
export interface UpstreamPage<T> {
  items: T[];
  nextToken?: string;
}

const FINISHED = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

/** Reads every page of an upstream list; for lists that are short by nature (tags, types). */
async function allPages<T>(fetch: (token?: string) => Promise<UpstreamPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    items.push(...page.items);
    token = page.nextToken;
  } while (token);
  return items;
}

/**
 * The per-request loaders of one target: one DataLoader per CodePipeline
 * read, all sharing the process's cache, single-flight table and bounds.
 */
export function createCodePipelineLoaders(
  target: Target,
  client: CodePipelineClient,
  ttls: CacheTtls,
  runtime: LoaderRuntime,
  trace: RequestTrace,
) {
  const make = <K, V>(spec: CachedLoaderSpec<K, V>): DataLoader<K, V, string> =>
    createCachedLoader(spec, runtime, trace);
  const runtimeTag = (name: string) => [invalidationTags.runtime(target, name)];

  return {
    pipelinesPage: make<PageKey, UpstreamPage<PipelineSummary>>({
      operation: 'ListPipelines',
      kind: 'pipelines',
      cacheKey: (k) => cacheKey('pipelines', target, k.size, k.token),
      tags: () => [invalidationTags.pipelineList(target)],
      freshMs: () => ttls.listMs,
      fetch: async (k) => {
        const out = await client.send(new ListPipelinesCommand({ maxResults: k.size, nextToken: k.token }));
        return { items: out.pipelines ?? [], nextToken: out.nextToken };
      },
    }),

    pipeline: make<PipelineKey, GetPipelineOutput>({
      operation: 'GetPipeline',
      kind: 'pipeline',
      cacheKey: (k) => cacheKey('pipeline', target, k.name, k.version ?? 'latest'),
      tags: (k) => (k.version === undefined ? [invalidationTags.definition(target, k.name)] : []),
      freshMs: (_v, k) => (k.version === undefined ? ttls.latestDeclarationMs : ttls.declarationMs),
      fetch: async (k) => {
        const out = await client.send(new GetPipelineCommand({ name: k.name, version: k.version }));
        return { pipeline: out.pipeline, metadata: out.metadata };
      },
    }),

    pipelineState: make<string, GetPipelineStateOutput>({
      operation: 'GetPipelineState',
      kind: 'state',
      cacheKey: (name) => cacheKey('state', target, name),
      tags: runtimeTag,
      freshMs: () => ttls.stateMs,
      fetch: async (name) => {
        const { $metadata: _m, ...out } = await client.send(new GetPipelineStateCommand({ name }));
        return out;
      },
    }),

    executionsPage: make<ExecutionsPageKey, UpstreamPage<PipelineExecutionSummary>>({
      operation: 'ListPipelineExecutions',
      kind: 'executions',
      cacheKey: (k) => cacheKey('executions', target, k.pipelineName, k.size, k.token, stableJson(k.filter)),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: () => ttls.executionsMs,
      fetch: async (k) => {
        const out = await client.send(
          new ListPipelineExecutionsCommand({
            pipelineName: k.pipelineName,
            maxResults: k.size,
            nextToken: k.token,
            filter: k.filter,
          }),
        );
        return { items: out.pipelineExecutionSummaries ?? [], nextToken: out.nextToken };
      },
    }),

    execution: make<ExecutionKey, PipelineExecution>({
      operation: 'GetPipelineExecution',
      kind: 'execution',
      cacheKey: (k) => cacheKey('execution', target, k.pipelineName, k.pipelineExecutionId),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: (v) => (FINISHED.has(v.status ?? '') ? ttls.finishedExecutionMs : ttls.executionsMs),
      fetch: async (k) => {
        const out = await client.send(new GetPipelineExecutionCommand(k));
        return out.pipelineExecution ?? {};
      },
    }),

    actionExecutionsPage: make<ActionExecutionsPageKey, UpstreamPage<ActionExecutionDetail>>({
      operation: 'ListActionExecutions',
      kind: 'action-executions',
      cacheKey: (k) =>
        cacheKey('action-executions', target, k.pipelineName, k.size, k.token, stableJson(k.filter)),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: () => ttls.executionsMs,
      fetch: async (k) => {
        const out = await client.send(
          new ListActionExecutionsCommand({
            pipelineName: k.pipelineName,
            maxResults: k.size,
            nextToken: k.token,
            filter: k.filter,
          }),
        );
        return { items: out.actionExecutionDetails ?? [], nextToken: out.nextToken };
      },
    }),

    ruleExecutionsPage: make<RuleExecutionsPageKey, UpstreamPage<RuleExecutionDetail>>({
      operation: 'ListRuleExecutions',
      kind: 'rule-executions',
      cacheKey: (k) =>
        cacheKey('rule-executions', target, k.pipelineName, k.size, k.token, stableJson(k.filter)),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: () => ttls.executionsMs,
      fetch: async (k) => {
        const out = await client.send(
          new ListRuleExecutionsCommand({
            pipelineName: k.pipelineName,
            maxResults: k.size,
            nextToken: k.token,
            filter: k.filter,
          }),
        );
        return { items: out.ruleExecutionDetails ?? [], nextToken: out.nextToken };
      },
    }),

    deployTargetsPage: make<DeployTargetsPageKey, UpstreamPage<DeployActionExecutionTarget>>({
      operation: 'ListDeployActionExecutionTargets',
      kind: 'deploy-targets',
      cacheKey: (k) =>
        cacheKey(
          'deploy-targets',
          target,
          k.pipelineName,
          k.actionExecutionId,
          k.size,
          k.token,
          stableJson(k.filters),
        ),
      tags: (k) => (k.pipelineName ? runtimeTag(k.pipelineName) : []),
      freshMs: () => ttls.executionsMs,
      fetch: async (k) => {
        const out = await client.send(
          new ListDeployActionExecutionTargetsCommand({
            pipelineName: k.pipelineName,
            actionExecutionId: k.actionExecutionId,
            filters: k.filters,
            maxResults: k.size,
            nextToken: k.token,
          }),
        );
        return { items: out.targets ?? [], nextToken: out.nextToken };
      },
    }),

    tags: make<string, Tag[]>({
      operation: 'ListTagsForResource',
      kind: 'tags',
      cacheKey: (arn) => cacheKey('tags', target, arn),
      tags: (arn) => [invalidationTags.tags(target, arn)],
      freshMs: () => ttls.tagsMs,
      fetch: (arn) =>
        allPages(async (token) => {
          const out = await client.send(
            new ListTagsForResourceCommand({ resourceArn: arn, nextToken: token }),
          );
          return { items: out.tags ?? [], nextToken: out.nextToken };
        }),
    }),

    actionTypes: make<ActionTypesKey, ActionType[]>({
      operation: 'ListActionTypes',
      kind: 'action-types',
      cacheKey: (k) => cacheKey('action-types', target, k.owner, k.region),
      tags: () => [invalidationTags.types(target)],
      freshMs: () => ttls.typesMs,
      fetch: (k) =>
        allPages(async (token) => {
          const out = await client.send(
            new ListActionTypesCommand({
              actionOwnerFilter: k.owner,
              regionFilter: k.region,
              nextToken: token,
            }),
          );
          return { items: out.actionTypes ?? [], nextToken: out.nextToken };
        }),
    }),

    actionTypeDeclaration: make<ActionTypeKey, ActionTypeDeclaration | null>({
      operation: 'GetActionType',
      kind: 'action-type',
      cacheKey: (k) => cacheKey('action-type', target, k.owner, k.category, k.provider, k.version),
      tags: () => [invalidationTags.types(target)],
      freshMs: () => ttls.typesMs,
      fetch: async (k) => (await client.send(new GetActionTypeCommand(k))).actionType ?? null,
    }),

    ruleTypes: make<RuleTypesKey, RuleType[]>({
      operation: 'ListRuleTypes',
      kind: 'rule-types',
      cacheKey: (k) => cacheKey('rule-types', target, k.owner, k.region),
      tags: () => [invalidationTags.types(target)],
      freshMs: () => ttls.typesMs,
      fetch: async (k) =>
        (await client.send(new ListRuleTypesCommand({ ruleOwnerFilter: k.owner, regionFilter: k.region })))
          .ruleTypes ?? [],
    }),

    webhooksPage: make<PageKey, UpstreamPage<ListWebhookItem>>({
      operation: 'ListWebhooks',
      kind: 'webhooks',
      cacheKey: (k) => cacheKey('webhooks', target, k.size, k.token),
      tags: () => [invalidationTags.webhookList(target)],
      freshMs: () => ttls.listMs,
      fetch: async (k) => {
        const out = await client.send(new ListWebhooksCommand({ MaxResults: k.size, NextToken: k.token }));
        return { items: out.webhooks ?? [], nextToken: out.NextToken };
      },
    }),

    // Jobs belong to workers and change with every poll: batched, never cached.
    jobDetails: make<string, JobDetails | null>({
      operation: 'GetJobDetails',
      kind: 'job',
      cacheKey: (jobId) => cacheKey('job', target, jobId),
      freshMs: () => 0,
      fetch: async (jobId) => (await client.send(new GetJobDetailsCommand({ jobId }))).jobDetails ?? null,
    }),

    thirdPartyJobDetails: make<ThirdPartyJobKey, ThirdPartyJobDetails | null>({
      operation: 'GetThirdPartyJobDetails',
      kind: 'third-party-job',
      cacheKey: (k) => cacheKey('third-party-job', target, k.jobId, k.clientToken),
      freshMs: () => 0,
      fetch: async (k) => (await client.send(new GetThirdPartyJobDetailsCommand(k))).jobDetails ?? null,
    }),
  };
}

/** The loaders of one request. */
export type CodePipelineLoaders = ReturnType<typeof createCodePipelineLoaders>;
