import type { StageDeclaration } from '@aws-sdk/client-codepipeline';
import { type ExecutionRecord, type StageRun } from '../core/state';
import { startAction } from './actions';
import { conditionsOutcome, startConditions } from './conditions';
import { type EngineCore } from './core';
import { declarationOf, runOrderGroups, stagesOf } from './declarations';
import { failExecution, retryStage } from './lifecycle';
import { lastSucceededInStage, startRollback } from './rollback';

/** Creates the stage run and starts its entry conditions, if any. */
export function enterStage(
  core: EngineCore,
  exec: ExecutionRecord,
  stage: StageDeclaration,
  atMs: number,
): void {
  const at = new Date(atMs);
  const name = stage.name ?? '';
  const run: StageRun = {
    stageName: name,
    status: 'InProgress',
    type: exec.executionType,
    startTime: at,
    lastUpdateTime: at,
    actions: [],
    conditions: [],
  };
  exec.stages.delete(name);
  exec.stages.set(name, run);
  exec.lastUpdateTime = at;
  const before = exec.executionType === 'ROLLBACK' ? [] : (stage.beforeEntry?.conditions ?? []);
  if (before.length > 0) {
    startConditions(core, exec, run, 'BEFORE_ENTRY', before, atMs);
    exec.cursor.waiting = 'condition';
  } else {
    exec.cursor.waiting = 'none';
  }
}

/** Moves an execution whose entry conditions are being evaluated. Returns true when something changed. */
export function progressEntry(
  core: EngineCore,
  exec: ExecutionRecord,
  run: StageRun,
  stage: StageDeclaration,
  atMs: number,
): boolean {
  const outcome = conditionsOutcome(run, 'BEFORE_ENTRY');
  if (outcome === 'InProgress') return false;
  if (outcome === 'Succeeded' || outcome === 'none') {
    exec.cursor.waiting = 'none';
    return true;
  }
  const skip = (stage.beforeEntry?.conditions ?? []).some((c) => c.result === 'SKIP');
  run.lastUpdateTime = new Date(atMs);
  if (skip) {
    run.status = 'Skipped';
    advancePastStage(core, exec, atMs);
    return true;
  }
  run.status = 'Failed';
  failExecution(exec, atMs, `Entry conditions of stage ${run.stageName} failed`);
  return true;
}

/** Moves an execution that is inside a stage: actions by runOrder, then success or failure conditions. */
export function progressStage(
  core: EngineCore,
  exec: ExecutionRecord,
  run: StageRun,
  stage: StageDeclaration,
  atMs: number,
): boolean {
  const onFailure = conditionsOutcome(run, 'ON_FAILURE');
  if (onFailure !== 'none') {
    if (onFailure === 'InProgress') return false;
    return applyFailure(core, exec, run, stage, onFailure === 'Succeeded', atMs);
  }
  const onSuccess = conditionsOutcome(run, 'ON_SUCCESS');
  if (onSuccess !== 'none') {
    if (onSuccess === 'InProgress') return false;
    if (onSuccess === 'Succeeded') return completeStage(core, exec, run, atMs);
    run.status = 'Failed';
    run.lastUpdateTime = new Date(atMs);
    failExecution(exec, atMs, `Success conditions of stage ${run.stageName} failed`);
    if ((stage.onSuccess?.conditions ?? []).some((c) => c.result === 'ROLLBACK')) {
      rollbackAutomatically(core, exec, run.stageName, atMs);
    }
    return true;
  }
  if (run.actions.some((a) => a.status === 'InProgress')) return false;
  if (run.actions.some((a) => a.status === 'Failed' || a.status === 'Abandoned')) {
    const conditions = stage.onFailure?.conditions ?? [];
    if (conditions.length > 0 && exec.executionType !== 'ROLLBACK') {
      startConditions(core, exec, run, 'ON_FAILURE', conditions, atMs);
      return true;
    }
    return applyFailure(core, exec, run, stage, true, atMs);
  }
  for (const group of runOrderGroups(stage)) {
    const pending = group.filter(
      (a) => !run.actions.some((r) => r.actionName === a.name && r.status === 'Succeeded'),
    );
    if (pending.length === 0) continue;
    for (const action of pending) startAction(core, exec, run, action, atMs);
    run.lastUpdateTime = new Date(atMs);
    return true;
  }
  const successConditions = stage.onSuccess?.conditions ?? [];
  if (successConditions.length > 0 && exec.executionType !== 'ROLLBACK') {
    startConditions(core, exec, run, 'ON_SUCCESS', successConditions, atMs);
    return true;
  }
  return completeStage(core, exec, run, atMs);
}

/** Applies the stage's onFailure result: an automatic retry (once), a rollback, or plain failure. */
function applyFailure(
  core: EngineCore,
  exec: ExecutionRecord,
  run: StageRun,
  stage: StageDeclaration,
  conditionsMet: boolean,
  atMs: number,
): boolean {
  const result = conditionsMet && exec.executionType !== 'ROLLBACK' ? stage.onFailure?.result : undefined;
  if (result === 'RETRY' && (run.retryAttempt ?? 0) < 1) {
    const mode = stage.onFailure?.retryConfiguration?.retryMode ?? 'FAILED_ACTIONS';
    retryStage(core, exec, run, mode, 'AutomatedStageRetry', atMs);
    return true;
  }
  run.status = 'Failed';
  run.lastUpdateTime = new Date(atMs);
  failExecution(exec, atMs, `Stage ${run.stageName} failed`);
  if (result === 'ROLLBACK') rollbackAutomatically(core, exec, run.stageName, atMs);
  return true;
}

function rollbackAutomatically(
  core: EngineCore,
  exec: ExecutionRecord,
  stageName: string,
  atMs: number,
): void {
  const pipeline = core.state.pipelines.get(exec.pipelineName);
  const target = lastSucceededInStage(core, exec, stageName);
  if (!pipeline || !target || pipeline.versions.length !== exec.pipelineVersion) return;
  startRollback(core, pipeline, stageName, target, 'AutomatedRollback', atMs);
}

/** Marks the stage succeeded and moves on: to the next stage, or the execution succeeds. */
function completeStage(core: EngineCore, exec: ExecutionRecord, run: StageRun, atMs: number): boolean {
  run.status = 'Succeeded';
  run.lastUpdateTime = new Date(atMs);
  advancePastStage(core, exec, atMs);
  return true;
}

function advancePastStage(core: EngineCore, exec: ExecutionRecord, atMs: number): void {
  const stages = stagesOf(declarationOf(core, exec));
  const next = exec.cursor.stageIndex + 1;
  if (exec.executionType === 'ROLLBACK' || next >= stages.length) {
    exec.status = 'Succeeded';
    exec.statusSummary = undefined;
    exec.lastUpdateTime = new Date(atMs);
    return;
  }
  exec.cursor = { stageIndex: next, waiting: 'queue' };
  exec.lastUpdateTime = new Date(atMs);
}
