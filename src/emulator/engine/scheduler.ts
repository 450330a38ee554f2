import { type ExecutionRecord } from '../core/state';
import { type EngineCore, isActive, startOrder } from './core';
import { cursorStage } from './declarations';
import { stopNow, supersede } from './lifecycle';
import { enterStage, progressEntry, progressStage } from './stage';

/** Bound on settle passes: each pass must change something, so this only guards against engine bugs. */
const MAX_PASSES = 10_000;

/**
 * Plays every immediate consequence at `atMs` (stage entries, next runOrder
 * groups, completions) until nothing changes.
 */
export function settle(core: EngineCore, atMs: number): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    const active = [...core.state.executions.values()]
      .filter(isActive)
      .sort((a, b) => startOrder(core, a, b));
    for (const exec of active) {
      if (isActive(exec) && step(core, exec, atMs)) changed = true;
    }
    if (!changed) return;
  }
}

function step(core: EngineCore, exec: ExecutionRecord, atMs: number): boolean {
  const stage = cursorStage(core, exec);
  if (!stage) {
    exec.status = 'Succeeded';
    exec.lastUpdateTime = new Date(atMs);
    return true;
  }
  if (exec.cursor.waiting === 'transition' || exec.cursor.waiting === 'queue')
    return tryEnter(core, exec, atMs);
  const run = exec.stages.get(stage.name ?? '');
  if (!run) {
    exec.cursor.waiting = 'queue';
    return true;
  }
  if (exec.stopMode) {
    if (run.actions.some((a) => a.status === 'InProgress')) return false;
    stopNow(exec, atMs);
    return true;
  }
  if (exec.cursor.waiting === 'condition') return progressEntry(core, exec, run, stage, atMs);
  return progressStage(core, exec, run, stage, atMs);
}

/** Name of the stage an execution is in or waiting for. */
export function stageNameAt(core: EngineCore, exec: ExecutionRecord): string | undefined {
  return cursorStage(core, exec)?.name;
}

/** True when the execution is inside its cursor stage (running it or evaluating its entry conditions). */
export function isInside(exec: ExecutionRecord): boolean {
  return isActive(exec) && (exec.cursor.waiting === 'none' || exec.cursor.waiting === 'condition');
}

/** True when the execution is held before its cursor stage. */
export function isHeld(exec: ExecutionRecord): boolean {
  return isActive(exec) && (exec.cursor.waiting === 'transition' || exec.cursor.waiting === 'queue');
}

/**
 * Lets an execution into its cursor stage, or holds it: a disabled inbound
 * transition holds everyone but rollbacks; in SUPERSEDED and QUEUED modes a
 * stage runs one execution at a time (QUEUED also keeps arrival order), and in
 * SUPERSEDED mode only the newest held execution survives.
 */
function tryEnter(core: EngineCore, exec: ExecutionRecord, atMs: number): boolean {
  const stage = cursorStage(core, exec);
  const pipeline = core.state.pipelines.get(exec.pipelineName);
  if (!stage || !pipeline) return false;
  if (exec.stopMode) {
    stopNow(exec, atMs);
    return true;
  }
  const name = stage.name ?? '';
  let hold: 'transition' | 'queue' | undefined;
  if (exec.executionType !== 'ROLLBACK') {
    const transition = pipeline.transitions.get(name);
    if (transition && !transition.enabled) {
      hold = 'transition';
    } else if (exec.executionMode !== 'PARALLEL') {
      const others = [...core.state.executions.values()].filter(
        (o) =>
          o !== exec && o.pipelineName === exec.pipelineName && isActive(o) && stageNameAt(core, o) === name,
      );
      if (others.some(isInside)) hold = 'queue';
      else if (
        exec.executionMode === 'QUEUED' &&
        others.some((o) => isHeld(o) && startOrder(core, o, exec) < 0)
      ) {
        hold = 'queue';
      }
    }
  }
  if (hold) {
    let changed = exec.cursor.waiting !== hold;
    exec.cursor.waiting = hold;
    if (exec.executionMode === 'SUPERSEDED') changed = supersedeOlderHeld(core, exec, name, atMs) || changed;
    return changed;
  }
  enterStage(core, exec, stage, atMs);
  return true;
}

function supersedeOlderHeld(
  core: EngineCore,
  exec: ExecutionRecord,
  stageName: string,
  atMs: number,
): boolean {
  const held = [...core.state.executions.values()]
    .filter((o) => o.pipelineName === exec.pipelineName && isHeld(o) && stageNameAt(core, o) === stageName)
    .filter((o) => o.executionType !== 'ROLLBACK')
    .sort((a, b) => startOrder(core, a, b));
  const older = held.slice(0, -1);
  for (const o of older) supersede(o, atMs);
  return older.length > 0;
}
