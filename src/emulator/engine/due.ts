import { type ActionRun, type ConditionRun, type ExecutionRecord, type RuleRun } from '../core/state';
import { finishTimedAction } from './actions';
import { finishRule } from './conditions';
import { type EngineCore, isActive } from './core';

/** The earliest deadline due by `nowMs`, with what to do when it comes. */
export interface DueEvent {
  atMs: number;
  fire(): void;
}

/** Finds the earliest due timed action or rule among running executions. */
export function nextDue(core: EngineCore, nowMs: number): DueEvent | undefined {
  let best: DueEvent | undefined;
  const consider = (atMs: number | undefined, fire: () => void): void => {
    if (atMs === undefined || atMs > nowMs) return;
    if (!best || atMs < best.atMs) best = { atMs, fire };
  };
  for (const exec of core.state.executions.values()) {
    if (!isActive(exec)) continue;
    for (const stage of exec.stages.values()) {
      for (const run of stage.actions) {
        if (run.status === 'InProgress') consider(run.dueAtMs, actionFire(core, exec, run, run.dueAtMs));
      }
      for (const condition of stage.conditions) {
        if (condition.status !== 'InProgress') continue;
        for (const rule of condition.rules) {
          if (rule.status !== 'InProgress') continue;
          const due = core.rulePlans.get(rule)?.dueAtMs;
          consider(due, ruleFire(core, condition, rule, due));
        }
      }
    }
  }
  return best;
}

function actionFire(core: EngineCore, exec: ExecutionRecord, run: ActionRun, atMs: number | undefined) {
  return (): void => finishTimedAction(core, exec, run, atMs ?? core.clock.nowMs());
}

function ruleFire(core: EngineCore, condition: ConditionRun, rule: RuleRun, atMs: number | undefined) {
  return (): void => finishRule(core, condition, rule, atMs ?? core.clock.nowMs());
}
