import {
  type ActionExecutionDetail,
  type DeployActionExecutionTarget,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListDeployActionExecutionTargetsCommand,
  ListPipelineExecutionsCommand,
  ListRuleExecutionsCommand,
  type PipelineExecution,
  type PipelineExecutionSummary,
  type RuleExecutionDetail,
} from '@aws-sdk/client-codepipeline';
import { cacheKey } from '../cache/keys';
import {
  type ActionExecutionsPageKey,
  type DeployTargetsPageKey,
  type ExecutionKey,
  type ExecutionsPageKey,
  type RuleExecutionsPageKey,
  stableJson,
} from './keys';
import { type LoaderKit } from './loader-kit';
import { type UpstreamPage } from './upstream-page';

const FINISHED = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

/** Loaders for executions and their history (actions, rules, deploy targets): runtime data, tagged per pipeline. */
export function createExecutionsAndHistoryLoaders({ target, ttls, read, runtimeTag }: LoaderKit) {
  return {
    executionsPage: read<ExecutionsPageKey, UpstreamPage<PipelineExecutionSummary>>({
      operation: 'ListPipelineExecutions',
      kind: 'executions',
      cacheKey: (k) => cacheKey('executions', target, k.pipelineName, k.size, k.token, stableJson(k.filter)),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: () => ttls.executionsMs,
      fetch: async (k, send) => {
        const out = await send(
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

    execution: read<ExecutionKey, PipelineExecution>({
      operation: 'GetPipelineExecution',
      kind: 'execution',
      cacheKey: (k) => cacheKey('execution', target, k.pipelineName, k.pipelineExecutionId),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: (v) => (FINISHED.has(v.status ?? '') ? ttls.finishedExecutionMs : ttls.executionsMs),
      fetch: async (k, send) => {
        const out = await send(new GetPipelineExecutionCommand(k));
        return out.pipelineExecution ?? {};
      },
    }),

    actionExecutionsPage: read<ActionExecutionsPageKey, UpstreamPage<ActionExecutionDetail>>({
      operation: 'ListActionExecutions',
      kind: 'action-executions',
      cacheKey: (k) =>
        cacheKey('action-executions', target, k.pipelineName, k.size, k.token, stableJson(k.filter)),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: () => ttls.executionsMs,
      fetch: async (k, send) => {
        const out = await send(
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

    ruleExecutionsPage: read<RuleExecutionsPageKey, UpstreamPage<RuleExecutionDetail>>({
      operation: 'ListRuleExecutions',
      kind: 'rule-executions',
      cacheKey: (k) =>
        cacheKey('rule-executions', target, k.pipelineName, k.size, k.token, stableJson(k.filter)),
      tags: (k) => runtimeTag(k.pipelineName),
      freshMs: () => ttls.executionsMs,
      fetch: async (k, send) => {
        const out = await send(
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

    deployTargetsPage: read<DeployTargetsPageKey, UpstreamPage<DeployActionExecutionTarget>>({
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
      fetch: async (k, send) => {
        const out = await send(
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
  };
}
