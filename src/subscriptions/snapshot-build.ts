import type {
  ActionExecutionDetail,
  GetPipelineStateOutput,
  PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import {
  type ActionSnapshot,
  type DeclarationSummary,
  declaredActionType,
  type ExecutionSnapshot,
  isActiveStatus,
  type PipelineSnapshot,
  SNAPSHOT_FORMAT,
  type StageSnapshot,
} from './snapshot';

/**
 * Turns what one poll read upstream into a snapshot. Pure, so the rules for
 * reconciling three reads taken at slightly different moments can be tested
 * without an upstream.
 */

/** Everything one poll of a pipeline read. */
export interface PollReads {
  pipelineName: string;
  nowMs: number;
  previous?: PipelineSnapshot;
  /** ListPipelineExecutions, newest first. */
  summaries: PipelineExecutionSummary[];
  /** GetPipelineState, when it was read this poll. */
  state?: GetPipelineStateOutput;
  declaration?: DeclarationSummary;
  /** ListActionExecutions results, per execution read this poll. */
  actions: ReadonlyMap<string, ActionExecutionDetail[]>;
}

const ms = (d: Date | undefined): number | undefined => (d ? d.getTime() : undefined);

/** The stage status a stopped, failed or replaced execution leaves on a stage it had not finished. */
function unfinishedStageStatus(executionStatus: string): string {
  switch (executionStatus) {
    case 'Stopped':
    case 'Stopping':
      return 'Stopped';
    case 'Failed':
      return 'Failed';
    case 'Succeeded':
      return 'Succeeded';
    default:
      return 'Cancelled';
  }
}

/** The newest run of each action of a stage. */
function latestRuns(runs: ActionSnapshot[]): ActionSnapshot[] {
  const byName = new Map<string, ActionSnapshot>();
  for (const run of runs) {
    const seen = byName.get(run.actionName);
    if (!seen || (run.startMs ?? 0) >= (seen.startMs ?? 0)) byName.set(run.actionName, run);
  }
  return [...byName.values()];
}

/**
 * A stage's status from its action runs: what AWS reports for stages, told
 * from the actions, for executions GetPipelineState no longer shows there.
 */
export function deriveStageStatus(
  runs: ActionSnapshot[],
  declaredActions: string[] | undefined,
  executionStatus: string,
): string | undefined {
  if (runs.length === 0) return undefined;
  const statuses = new Set(runs.map((r) => r.status));
  if (statuses.has('InProgress')) return 'InProgress';
  if (statuses.has('Failed')) return 'Failed';
  if (statuses.has('Abandoned')) return 'Stopped';
  const ran = new Set(runs.map((r) => r.actionName));
  if (declaredActions?.some((name) => !ran.has(name))) {
    return isActiveStatus(executionStatus) ? 'InProgress' : unfinishedStageStatus(executionStatus);
  }
  return 'Succeeded';
}

function actionSnapshots(
  details: ActionExecutionDetail[],
  declaration: DeclarationSummary | undefined,
): Record<string, ActionSnapshot> {
  const out: Record<string, ActionSnapshot> = {};
  for (const d of details) {
    const stageName = d.stageName ?? '';
    const actionName = d.actionName ?? '';
    const key = d.actionExecutionId ?? `${stageName}/${actionName}/${ms(d.startTime) ?? 0}`;
    out[key] = {
      stageName,
      actionName,
      status: d.status ?? 'Unknown',
      startMs: ms(d.startTime),
      updatedMs: ms(d.lastUpdateTime),
      actionType: declaredActionType(declaration, stageName, actionName) ?? d.input?.actionTypeId,
    };
  }
  return out;
}

function stageNamesOf(
  declaration: DeclarationSummary | undefined,
  actions: ActionSnapshot[],
  previous: ExecutionSnapshot | undefined,
  fromState: ReadonlyMap<string, string>,
): string[] {
  const names = new Set<string>(declaration?.stages.map((s) => s.name) ?? []);
  actions.forEach((a) => names.add(a.stageName));
  Object.keys(previous?.stages ?? {}).forEach((n) => names.add(n));
  fromState.forEach((_status, n) => names.add(n));
  return [...names];
}

function buildStages(
  status: string,
  actions: ActionSnapshot[],
  previous: ExecutionSnapshot | undefined,
  fromState: ReadonlyMap<string, string>,
  declaration: DeclarationSummary | undefined,
): Record<string, StageSnapshot> {
  const stages: Record<string, StageSnapshot> = {};
  const names = stageNamesOf(declaration, actions, previous, fromState);
  // The last stage where this execution has run anything: the only one whose onSuccess conditions may still run.
  const lastStageWithRuns = [...names].reverse().find((n) => actions.some((a) => a.stageName === n));
  for (const name of names) {
    const runs = latestRuns(actions.filter((a) => a.stageName === name));
    const declared = declaration?.stages.find((s) => s.name === name)?.actions.map((a) => a.name);
    const derived = deriveStageStatus(runs, declared, status);
    const stated = fromState.get(name);
    const before = previous?.stages[name];
    // Actions are read last and are the freshest; the stage's own state wins only where actions cannot tell:
    // before any action ran (entry conditions), and while onSuccess conditions run after the actions.
    let stageStatus = derived ?? stated ?? before?.status;
    if (derived === 'Succeeded' && stated === 'InProgress' && name === lastStageWithRuns)
      stageStatus = stated;
    if (stageStatus === undefined) continue;
    const starts = runs.map((r) => r.startMs).filter((t): t is number => t !== undefined);
    const updates = runs.map((r) => r.updatedMs).filter((t): t is number => t !== undefined);
    stages[name] = {
      status: stageStatus,
      startMs: starts.length > 0 ? Math.min(...starts) : before?.startMs,
      updatedMs: updates.length > 0 ? Math.max(...updates) : before?.updatedMs,
    };
  }
  return stages;
}

/** Which execution each stage's GetPipelineState entry describes, and its status there. */
function stagesByExecution(state: GetPipelineStateOutput | undefined): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const stage of state?.stageStates ?? []) {
    const latest = stage.latestExecution;
    if (!stage.stageName || !latest?.pipelineExecutionId || !latest.status) continue;
    let perExecution = out.get(latest.pipelineExecutionId);
    if (!perExecution) out.set(latest.pipelineExecutionId, (perExecution = new Map()));
    perExecution.set(stage.stageName, latest.status);
  }
  return out;
}

/** The snapshot of one poll. Executions beyond the page read are forgotten. */
export function buildSnapshot(reads: PollReads): PipelineSnapshot {
  const { previous, declaration } = reads;
  const fromState = stagesByExecution(reads.state);
  const executions: Record<string, ExecutionSnapshot> = {};
  for (const summary of reads.summaries) {
    const id = summary.pipelineExecutionId;
    if (!id) continue;
    const before = previous?.executions[id];
    const status = summary.status ?? 'Unknown';
    const details = reads.actions.get(id);
    const actions = details ? actionSnapshots(details, declaration) : before?.actions;
    executions[id] = {
      status,
      startMs: ms(summary.startTime) ?? before?.startMs,
      updatedMs: ms(summary.lastUpdateTime) ?? before?.updatedMs,
      stages: buildStages(
        status,
        Object.values(actions ?? {}),
        before,
        fromState.get(id) ?? new Map(),
        declaration,
      ),
      actions,
    };
  }
  return {
    format: SNAPSHOT_FORMAT,
    pipelineName: reads.pipelineName,
    takenAtMs: reads.nowMs,
    version: reads.state?.pipelineVersion ?? declaration?.version ?? previous?.version,
    declaration,
    executions,
  };
}
