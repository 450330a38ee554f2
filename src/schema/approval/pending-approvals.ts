import type * as sdk from '@aws-sdk/client-codepipeline';
import { canSee } from '../auth/principal';
import { LIMITS } from '../connection/connections';
import { type GatewayContext } from '../context';
import { orNull } from '../shared/errors';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { type PendingApproval } from './approval.types';

/** Every pipeline name of the target, a page of ListPipelines at a time (cached like `pipelines`). */
async function allPipelineNames(ctx: GatewayContext): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.loaders.pipelinesPage.load({ size: LIMITS.pipelines, token });
    names.push(...page.items.map((p) => p.name ?? '').filter((n) => n !== ''));
    token = page.nextToken;
  } while (token);
  return names;
}

/** True when an action's latest execution is a Manual approval waiting for its answer. */
export function isWaitingApproval(action: sdk.ActionState | undefined): boolean {
  const latest = action?.latestExecution;
  return latest?.status === 'InProgress' && typeof latest.token === 'string' && latest.token !== '';
}

function declaredAction(
  declaration: sdk.PipelineDeclaration | undefined,
  stageName: string,
  actionName: string,
): sdk.ActionDeclaration | undefined {
  return declaration?.stages?.find((s) => s.name === stageName)?.actions?.find((a) => a.name === actionName);
}

/** The approvals waiting in one pipeline, from its (cached) state and declaration. */
async function pendingIn(ctx: GatewayContext, pipelineName: string): Promise<PendingApproval[]> {
  const [state, got] = await Promise.all([
    orNull(ctx.loaders.pipelineState.load(pipelineName)),
    orNull(ctx.loaders.pipeline.load({ name: pipelineName })),
  ]);
  if (!state) return [];
  const pipeline = new Pipeline(ctx.target, pipelineName, toGlobalId('Pipeline', ctx.target, pipelineName));
  const pending: PendingApproval[] = [];
  for (const stage of state.stageStates ?? []) {
    const pipelineExecutionId = stage.latestExecution?.pipelineExecutionId;
    if (!stage.stageName || !pipelineExecutionId) continue;
    for (const action of stage.actionStates ?? []) {
      if (!action.actionName || !isWaitingApproval(action)) continue;
      const config = declaredAction(got?.pipeline, stage.stageName, action.actionName)?.configuration;
      pending.push({
        pipelineName,
        stageName: stage.stageName,
        actionName: action.actionName,
        pipelineExecutionId,
        since: action.latestExecution?.lastStatusChange,
        summary: config?.CustomData,
        externalEntityLink: config?.ExternalEntityLink,
        pipeline,
      });
    }
  }
  return pending;
}

/**
 * Every approval waiting now, in the given pipelines or in all of them, within
 * the caller's scope (pipelines outside it are never read).
 * Served from the cached state where it is fresh: the per-pipeline loads
 * batch into one cache read, and only misses go upstream.
 */
export async function pendingApprovals(
  ctx: GatewayContext,
  pipelineNames?: string[] | null,
): Promise<PendingApproval[]> {
  const names = (pipelineNames ?? (await allPipelineNames(ctx))).filter((n) => canSee(ctx.principal, n));
  const perPipeline = await Promise.all([...new Set(names)].map((name) => pendingIn(ctx, name)));
  return perPipeline.flat();
}
