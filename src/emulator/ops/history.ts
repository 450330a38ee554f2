import type {
  ActionExecutionDetail,
  DeployActionExecutionTarget,
  RuleExecutionDetail,
  StartTimeRange,
} from '@aws-sdk/client-codepipeline';
import { type OperationContext, type OperationTable } from '../core/context';
import { awsError, validationError } from '../core/errors';
import {
  type Input,
  maxResults,
  optionalArray,
  NAME_PATTERN,
  optionalObject,
  optionalString,
  requireEnum,
  requireName,
  requireString,
} from '../core/input';
import { type ActionRun, type RuleRun } from '../core/state';
import { requireExecution, requirePipeline } from './executions/common';

/** The runs the history filters select: one execution, optionally only each action's latest run. */
interface HistoryFilter {
  pipelineExecutionId?: string;
  latestOnly: boolean;
}

function parseFilter(input: Input, ctx: OperationContext, pipelineName: string): HistoryFilter {
  const filter = optionalObject(input, 'filter');
  if (!filter) return { latestOnly: false };
  const byId = optionalString(filter, 'pipelineExecutionId');
  const latest = optionalObject(filter, 'latestInPipelineExecution');
  if (byId !== undefined && latest) {
    throw validationError('Specify either pipelineExecutionId or latestInPipelineExecution, not both');
  }
  if (latest) {
    const id = requireString(latest, 'pipelineExecutionId');
    const range = requireEnum<StartTimeRange>(latest, 'startTimeRange', ['Latest', 'All']);
    requireExecution(ctx, pipelineName, id);
    return { pipelineExecutionId: id, latestOnly: range === 'Latest' };
  }
  if (byId !== undefined) requireExecution(ctx, pipelineName, byId);
  return { pipelineExecutionId: byId, latestOnly: false };
}

/** Newest first; with latestOnly, only the newest run of each stage/name pair. */
function select<T extends { pipelineName: string; pipelineExecutionId: string; stageName: string }>(
  all: T[],
  pipelineName: string,
  filter: HistoryFilter,
  nameOf: (item: T) => string,
): T[] {
  const newestFirst = all
    .filter((r) => r.pipelineName === pipelineName)
    .filter(
      (r) => filter.pipelineExecutionId === undefined || r.pipelineExecutionId === filter.pipelineExecutionId,
    )
    .reverse();
  if (!filter.latestOnly) return newestFirst;
  const seen = new Set<string>();
  return newestFirst.filter((r) => {
    const key = `${r.stageName}\u0000${nameOf(r)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function actionDetail(run: ActionRun): ActionExecutionDetail {
  return {
    pipelineExecutionId: run.pipelineExecutionId,
    actionExecutionId: run.actionExecutionId,
    pipelineVersion: run.pipelineVersion,
    stageName: run.stageName,
    actionName: run.actionName,
    startTime: run.startTime,
    lastUpdateTime: run.lastUpdateTime,
    updatedBy: run.updatedBy,
    status: run.status,
    input: run.input,
    output: {
      ...run.output,
      executionResult: run.output.executionResult ?? {
        externalExecutionId: run.externalExecutionId,
        externalExecutionUrl: run.externalExecutionUrl,
      },
    },
  };
}

function ruleDetail(run: RuleRun): RuleExecutionDetail {
  return {
    pipelineExecutionId: run.pipelineExecutionId,
    ruleExecutionId: run.ruleExecutionId,
    pipelineVersion: run.pipelineVersion,
    stageName: run.stageName,
    ruleName: run.ruleName,
    startTime: run.startTime,
    lastUpdateTime: run.lastUpdateTime,
    updatedBy: run.updatedBy,
    status: run.status,
    input: run.input,
    output: run.output,
  };
}

/** ListActionExecutions: every action run of the pipeline, newest first. */
function listActionExecutions(input: Input, ctx: OperationContext): unknown {
  const pipelineName = requireName(input, 'pipelineName');
  const limit = maxResults(input, 100);
  const nextToken = optionalString(input, 'nextToken', { min: 1, max: 2048 });
  requirePipeline(ctx, pipelineName);
  const filter = parseFilter(input, ctx, pipelineName);
  const runs = select(ctx.state.actionExecutions, pipelineName, filter, (r) => r.actionName);
  const scope = `ListActionExecutions:${pipelineName}:${filter.pipelineExecutionId ?? ''}:${filter.latestOnly}`;
  const page = ctx.tokens.page(scope, runs, limit, nextToken);
  return { actionExecutionDetails: page.items.map(actionDetail), nextToken: page.nextToken };
}

/** ListRuleExecutions: every rule run of the pipeline's conditions, newest first. */
function listRuleExecutions(input: Input, ctx: OperationContext): unknown {
  const pipelineName = requireName(input, 'pipelineName');
  const limit = maxResults(input, 100);
  const nextToken = optionalString(input, 'nextToken', { min: 1, max: 2048 });
  requirePipeline(ctx, pipelineName);
  const filter = parseFilter(input, ctx, pipelineName);
  const runs = select(ctx.state.ruleExecutions, pipelineName, filter, (r) => r.ruleName);
  const scope = `ListRuleExecutions:${pipelineName}:${filter.pipelineExecutionId ?? ''}:${filter.latestOnly}`;
  const page = ctx.tokens.page(scope, runs, limit, nextToken);
  return { ruleExecutionDetails: page.items.map(ruleDetail), nextToken: page.nextToken };
}

/** ListDeployActionExecutionTargets: the instances a deploy action reported, optionally by status. */
function listDeployActionExecutionTargets(input: Input, ctx: OperationContext): unknown {
  const pipelineName = optionalString(input, 'pipelineName', { min: 1, max: 100, pattern: NAME_PATTERN });
  const actionExecutionId = requireString(input, 'actionExecutionId', { min: 1, max: 200 });
  const limit = maxResults(input, 100);
  const nextToken = optionalString(input, 'nextToken', { min: 1, max: 2048 });
  const statuses = new Set<string>();
  for (const [i, raw] of (optionalArray(input, 'filters', 1) ?? []).entries()) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw validationError(`filters.${i + 1} must be an object`);
    }
    const f = raw as Input;
    requireEnum(f, 'name', ['TARGET_STATUS'] as const);
    for (const v of optionalArray(f, 'values', 10) ?? []) statuses.add(String(v));
  }
  if (pipelineName !== undefined) requirePipeline(ctx, pipelineName);
  const run = ctx.state.actionExecutions.find(
    (r) =>
      r.actionExecutionId === actionExecutionId &&
      (pipelineName === undefined || r.pipelineName === pipelineName),
  );
  if (!run) {
    throw awsError('ActionExecutionNotFoundException', `Action execution ${actionExecutionId} was not found`);
  }
  const targets: DeployActionExecutionTarget[] = run.deployTargets.filter(
    (t) => statuses.size === 0 || (t.status !== undefined && statuses.has(t.status)),
  );
  const scope = `ListDeployActionExecutionTargets:${actionExecutionId}:${[...statuses].sort().join(',')}`;
  const page = ctx.tokens.page(scope, targets, limit, nextToken);
  return { targets: page.items, nextToken: page.nextToken };
}

/** Handlers of the execution history operations. */
export const historyOperations: OperationTable = {
  ListActionExecutions: listActionExecutions,
  ListRuleExecutions: listRuleExecutions,
  ListDeployActionExecutionTargets: listDeployActionExecutionTargets,
};
