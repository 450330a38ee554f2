import type { StageRetryMode } from '@aws-sdk/client-codepipeline';
import { type ExecutionRecord, type StageRun } from '../core/state';
import { type EngineCore } from './core';
import { declarationOf, stagesOf } from './declarations';

/** Ends an execution as Failed. */
export function failExecution(exec: ExecutionRecord, atMs: number, summary: string): void {
  exec.status = 'Failed';
  exec.statusSummary = summary;
  exec.lastUpdateTime = new Date(atMs);
}

/** Ends an execution as Stopped, with the stage it was in. */
export function stopNow(exec: ExecutionRecord, atMs: number): void {
  for (const run of exec.stages.values()) {
    if (run.status === 'InProgress' || run.status === 'Stopping') {
      run.status = 'Stopped';
      run.lastUpdateTime = new Date(atMs);
    }
  }
  exec.status = 'Stopped';
  exec.stopMode = undefined;
  exec.lastUpdateTime = new Date(atMs);
}

/** Marks an execution superseded by a newer one. */
export function supersede(exec: ExecutionRecord, atMs: number): void {
  exec.status = 'Superseded';
  exec.statusSummary = 'Superseded by a newer pipeline execution';
  exec.lastUpdateTime = new Date(atMs);
}

/**
 * Puts a failed (or stopped) stage back in progress: FAILED_ACTIONS keeps the
 * succeeded action runs, ALL_ACTIONS reruns everything. The execution resumes
 * in that stage.
 */
export function retryStage(
  core: EngineCore,
  exec: ExecutionRecord,
  run: StageRun,
  mode: StageRetryMode,
  trigger: 'AutomatedStageRetry' | 'ManualStageRetry',
  atMs: number,
): void {
  const at = new Date(atMs);
  run.actions = mode === 'ALL_ACTIONS' ? [] : run.actions.filter((a) => a.status === 'Succeeded');
  run.conditions = run.conditions.filter((c) => c.conditionType === 'BEFORE_ENTRY');
  run.status = 'InProgress';
  run.startTime = at;
  run.lastUpdateTime = at;
  if (trigger === 'AutomatedStageRetry') run.retryAttempt = (run.retryAttempt ?? 0) + 1;
  else run.manualStageRetryAttempt = (run.manualStageRetryAttempt ?? 0) + 1;
  run.latestRetryTrigger = trigger;
  const index = stagesOf(declarationOf(core, exec)).findIndex((s) => s.name === run.stageName);
  exec.cursor = { stageIndex: Math.max(0, index), waiting: 'none' };
  exec.status = 'InProgress';
  exec.statusSummary = undefined;
  exec.stopMode = undefined;
  exec.stopTrigger = undefined;
  exec.lastUpdateTime = at;
}
