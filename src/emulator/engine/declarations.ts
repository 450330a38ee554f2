import type {
  ActionDeclaration,
  ExecutionMode,
  PipelineDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { type ExecutionRecord, type PipelineRecord } from '../core/state';
import { type EngineCore } from './core';

/** How an action runs in the emulator. */
export type ActionKind = 'approval' | 'job' | 'timed';

/** The declaration an execution runs: the pipeline version it started on. */
export function declarationOf(core: EngineCore, exec: ExecutionRecord): PipelineDeclaration | undefined {
  const pipeline = core.state.pipelines.get(exec.pipelineName);
  return pipeline?.versions[exec.pipelineVersion - 1];
}

/** The pipeline's current declaration (the last version). */
export function currentDeclaration(pipeline: PipelineRecord): PipelineDeclaration {
  const decl = pipeline.versions[pipeline.versions.length - 1];
  if (!decl) throw new Error(`pipeline ${pipeline.name} has no versions`);
  return decl;
}

/** Declared stages, tolerating a missing list. */
export function stagesOf(decl: PipelineDeclaration | undefined): StageDeclaration[] {
  return decl?.stages ?? [];
}

/** The stage an execution is in or waiting for. */
export function cursorStage(core: EngineCore, exec: ExecutionRecord): StageDeclaration | undefined {
  return stagesOf(declarationOf(core, exec))[exec.cursor.stageIndex];
}

/** V1 pipelines only support SUPERSEDED, whatever the declaration says. */
export function executionModeOf(decl: PipelineDeclaration): ExecutionMode {
  if (decl.pipelineType !== 'V2') return 'SUPERSEDED';
  return decl.executionMode ?? 'SUPERSEDED';
}

/** Manual approvals wait for a person, custom and third-party actions for a job worker; the rest are timed. */
export function actionKind(action: ActionDeclaration): ActionKind {
  const id = action.actionTypeId;
  if (id?.category === 'Approval' && id.owner === 'AWS' && id.provider === 'Manual') return 'approval';
  if (id?.owner === 'Custom' || id?.owner === 'ThirdParty') return 'job';
  return 'timed';
}

/** True for actions that produce source revisions. */
export function isSourceAction(action: ActionDeclaration): boolean {
  return action.actionTypeId?.category === 'Source';
}

/** Declared actions grouped by runOrder, lowest first; actions without runOrder run at 1. */
export function runOrderGroups(stage: StageDeclaration): ActionDeclaration[][] {
  const groups = new Map<number, ActionDeclaration[]>();
  for (const action of stage.actions ?? []) {
    const order = action.runOrder ?? 1;
    const group = groups.get(order) ?? [];
    group.push(action);
    groups.set(order, group);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

/** Duration and outcome from the reserved configuration keys of an action or rule. */
export function timedPlan(
  core: EngineCore,
  configuration: Record<string, string> | undefined,
  startMs: number,
): { dueAtMs: number; outcome: 'Succeeded' | 'Failed' } {
  const durationRaw = configuration?.EmulatorDurationMs;
  const parsed = durationRaw === undefined ? NaN : Number(durationRaw);
  const duration = Number.isFinite(parsed) && parsed >= 0 ? parsed : core.options.defaultActionDurationMs;
  let outcome: 'Succeeded' | 'Failed' = 'Succeeded';
  const forced = configuration?.EmulatorOutcome;
  if (forced === 'Succeeded' || forced === 'Failed') {
    outcome = forced;
  } else {
    const rate = Number(configuration?.EmulatorFailureRate ?? '0');
    if (Number.isFinite(rate) && rate > 0 && core.options.random() < rate) outcome = 'Failed';
  }
  return { dueAtMs: startMs + duration, outcome };
}
