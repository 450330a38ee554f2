import type {
  ActionDeclaration,
  ActionState,
  GetPipelineStateOutput,
  StageConditionState,
  StageDeclaration,
  StageExecution,
  StageState,
} from '@aws-sdk/client-codepipeline';
import { type OperationContext } from '../../core/context';
import {
  type ActionRun,
  type ConditionRun,
  type ExecutionRecord,
  type PipelineRecord,
  type StageRun,
} from '../../core/state';
import { currentDeclaration } from '../../engine/declarations';
import { simulation } from './common';

/** GetPipelineState: every stage of the current version, with what ran there last and who waits before it. */
export function pipelineStateView(ctx: OperationContext, pipeline: PipelineRecord): GetPipelineStateOutput {
  const decl = currentDeclaration(pipeline);
  const executions = simulation(ctx).executionsOf(pipeline.name);
  return {
    pipelineName: pipeline.name,
    pipelineVersion: pipeline.versions.length,
    stageStates: (decl.stages ?? []).map((stage) => stageState(ctx, pipeline, executions, stage)),
    created: pipeline.created,
    updated: pipeline.updated,
  };
}

function stageState(
  ctx: OperationContext,
  pipeline: PipelineRecord,
  executions: ExecutionRecord[],
  stage: StageDeclaration,
): StageState {
  const name = stage.name ?? '';
  const latest = latestStageRun(executions, name);
  const held = simulation(ctx).heldAt(pipeline.name, name);
  const transition = pipeline.transitions.get(name);
  const asStageExecution = (e: ExecutionRecord): StageExecution => ({
    pipelineExecutionId: e.pipelineExecutionId,
    status: 'InProgress',
    type: e.executionType,
  });
  const run = latest?.run;
  return {
    stageName: name,
    inboundExecution: held.length > 0 ? asStageExecution(held[0] as ExecutionRecord) : undefined,
    inboundExecutions: held.length > 0 ? held.map(asStageExecution) : undefined,
    inboundTransitionState: transition
      ? {
          enabled: transition.enabled,
          lastChangedBy: transition.lastChangedBy,
          lastChangedAt: transition.lastChangedAt,
          disabledReason: transition.disabledReason,
        }
      : { enabled: true },
    actionStates: (stage.actions ?? []).map((action) =>
      actionState(ctx, pipeline, executions, name, action, run),
    ),
    latestExecution:
      latest && run
        ? { pipelineExecutionId: latest.exec.pipelineExecutionId, status: run.status, type: run.type }
        : undefined,
    beforeEntryConditionState: conditionState(run, 'BEFORE_ENTRY', stage.beforeEntry?.conditions?.length),
    onSuccessConditionState: conditionState(run, 'ON_SUCCESS', stage.onSuccess?.conditions?.length),
    onFailureConditionState: conditionState(run, 'ON_FAILURE', stage.onFailure?.conditions?.length),
    retryStageMetadata:
      run && (run.retryAttempt !== undefined || run.manualStageRetryAttempt !== undefined)
        ? {
            autoStageRetryAttempt: run.retryAttempt ?? 0,
            manualStageRetryAttempt: run.manualStageRetryAttempt ?? 0,
            latestRetryTrigger: run.latestRetryTrigger,
          }
        : undefined,
  };
}

/** The most recently started (or retried) run of a stage across executions. */
function latestStageRun(
  executions: ExecutionRecord[],
  stageName: string,
): { exec: ExecutionRecord; run: StageRun } | undefined {
  let best: { exec: ExecutionRecord; run: StageRun } | undefined;
  for (const exec of executions) {
    const run = exec.stages.get(stageName);
    if (run && (!best || run.startTime.getTime() >= best.run.startTime.getTime())) best = { exec, run };
  }
  return best;
}

function actionState(
  ctx: OperationContext,
  pipeline: PipelineRecord,
  executions: ExecutionRecord[],
  stageName: string,
  action: ActionDeclaration,
  latestStage: StageRun | undefined,
): ActionState {
  const actionName = action.name ?? '';
  const run =
    lastRun(latestStage?.actions ?? [], actionName) ??
    lastHistoryRun(ctx, pipeline.name, stageName, actionName);
  const isSource = action.actionTypeId?.category === 'Source';
  const latest = isSource ? currentRevision(executions, actionName) : undefined;
  const revision = latest && {
    revisionId: latest.revisionId,
    revisionChangeId: latest.revisionChangeId,
    created: latest.created,
  };
  return {
    actionName,
    currentRevision: revision,
    latestExecution: run
      ? {
          actionExecutionId: run.actionExecutionId,
          status: run.status,
          summary: run.summary,
          lastStatusChange: run.lastUpdateTime,
          token: run.status === 'InProgress' ? run.token : undefined,
          lastUpdatedBy: run.updatedBy,
          externalExecutionId: run.externalExecutionId,
          externalExecutionUrl: run.externalExecutionUrl,
          percentComplete: run.percentComplete,
          errorDetails: run.errorDetails,
        }
      : undefined,
    entityUrl: `https://console.aws.amazon.com/codesuite/codepipeline/pipelines/${pipeline.name}/view`,
    revisionUrl: latest?.url,
  };
}

function lastRun(runs: ActionRun[], actionName: string): ActionRun | undefined {
  return runs.filter((r) => r.actionName === actionName).at(-1);
}

function lastHistoryRun(
  ctx: OperationContext,
  pipelineName: string,
  stageName: string,
  actionName: string,
): ActionRun | undefined {
  return ctx.state.actionExecutions
    .filter(
      (r) => r.pipelineName === pipelineName && r.stageName === stageName && r.actionName === actionName,
    )
    .at(-1);
}

function currentRevision(
  executions: ExecutionRecord[],
  actionName: string,
): (ActionState['currentRevision'] & { url?: string }) | undefined {
  for (const exec of [...executions].reverse()) {
    const source = exec.sourceRevisions.find((s) => s.actionName === actionName);
    if (!source?.revisionId) continue;
    const artifact = exec.artifactRevisions.find((a) => a.revisionId === source.revisionId);
    return {
      revisionId: source.revisionId,
      revisionChangeId: artifact?.revisionChangeIdentifier ?? source.revisionId,
      created: artifact?.created ?? exec.startTime,
      url: source.revisionUrl,
    };
  }
  return undefined;
}

function conditionState(
  run: StageRun | undefined,
  kind: ConditionRun['conditionType'],
  declared: number | undefined,
): StageConditionState | undefined {
  const runs = run?.conditions.filter((c) => c.conditionType === kind) ?? [];
  if (runs.length === 0) return declared ? {} : undefined;
  return {
    latestExecution: { status: aggregateStatus(runs), summary: runs.at(-1)?.summary },
    conditionStates: runs.map((c) => ({
      latestExecution: { status: c.status, summary: c.summary, lastStatusChange: c.lastStatusChange },
      ruleStates: c.rules.map((r) => ({
        ruleName: r.ruleName,
        latestExecution: {
          ruleExecutionId: r.ruleExecutionId,
          status: r.status,
          summary: r.summary,
          lastStatusChange: r.lastUpdateTime,
          lastUpdatedBy: r.updatedBy,
          externalExecutionId: r.output.executionResult?.externalExecutionId,
          errorDetails: r.errorDetails,
        },
      })),
    })),
  };
}

function aggregateStatus(runs: ConditionRun[]): ConditionRun['status'] {
  const order: ConditionRun['status'][] = [
    'InProgress',
    'Failed',
    'Errored',
    'Abandoned',
    'Cancelled',
    'Overridden',
  ];
  return order.find((s) => runs.some((c) => c.status === s)) ?? 'Succeeded';
}
