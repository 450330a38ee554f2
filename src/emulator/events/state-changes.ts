import { type ActionRun, type EmulatorState, type ExecutionRecord, type StageRun } from '../core/state';

/** The `state` of an event, as CodePipeline's EventBridge events spell it. */
export type EventState =
  | 'STARTED'
  | 'RESUMED'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'STOPPING'
  | 'STOPPED'
  | 'SUPERSEDED'
  | 'CANCELED'
  | 'ABANDONED';

/** One state change the engine made, before it becomes an EventBridge event. */
export type StateChange =
  | { level: 'pipeline'; exec: ExecutionRecord; state: EventState }
  | { level: 'stage'; exec: ExecutionRecord; stage: StageRun; state: EventState }
  | { level: 'action'; exec: ExecutionRecord; stage: StageRun; action: ActionRun; state: EventState };

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

/** Pipeline and stage statuses to event states; `InProgress` is STARTED or RESUMED, decided by history. */
function runState(status: string, wasDown: boolean): EventState | undefined {
  switch (status) {
    case 'InProgress':
      return wasDown ? 'RESUMED' : 'STARTED';
    case 'Succeeded':
      return 'SUCCEEDED';
    case 'Failed':
      return 'FAILED';
    case 'Stopping':
      return 'STOPPING';
    case 'Stopped':
      return 'STOPPED';
    case 'Superseded':
      return 'SUPERSEDED';
    case 'Cancelled':
      return 'CANCELED';
    default:
      // Skipped stages have no event in CodePipeline's documented states.
      return undefined;
  }
}

function actionState(status: string): EventState | undefined {
  switch (status) {
    case 'InProgress':
      return 'STARTED';
    case 'Succeeded':
      return 'SUCCEEDED';
    case 'Failed':
      return 'FAILED';
    case 'Abandoned':
      return 'ABANDONED';
    default:
      return undefined;
  }
}

interface Seen {
  status: string;
  stages: Map<string, { run: StageRun; status: string }>;
  actions: Map<string, string>;
}

/**
 * Finds the state changes of a world by comparing it with what it saw last
 * time. Diffing, rather than hooks at each of the engine's assignments, means
 * no transition is missed however the engine reached it; the engine calls it
 * after every played deadline, so a clock jump still yields every step.
 * A run first seen already finished also gets the STARTED it went through.
 */
export class StateChangeTracker {
  private seen = new WeakMap<ExecutionRecord, Seen>();

  /** Records the world as it is, without reporting anything (e.g. the seed's history). */
  baseline(state: EmulatorState): void {
    this.changes(state);
  }

  /** The changes since the last call, in causal order: pipeline start, stages in order, pipeline end. */
  changes(state: EmulatorState): StateChange[] {
    const out: StateChange[] = [];
    for (const exec of state.executions.values()) {
      const before = this.seen.get(exec);
      if (before && before.status === exec.status && TERMINAL.has(exec.status)) continue;
      const seen: Seen = before ?? { status: '', stages: new Map(), actions: new Map() };
      this.diffExecution(exec, seen, out);
      this.seen.set(exec, seen);
    }
    return out;
  }

  private diffExecution(exec: ExecutionRecord, seen: Seen, out: StateChange[]): void {
    const prior = seen.status;
    const changed = prior !== exec.status;
    const wasDown = prior === 'Failed' || prior === 'Stopped';
    if (changed && prior === '' && exec.status !== 'InProgress') {
      out.push({ level: 'pipeline', exec, state: 'STARTED' });
    }
    if (changed && exec.status === 'InProgress') {
      out.push({ level: 'pipeline', exec, state: wasDown ? 'RESUMED' : 'STARTED' });
    }
    for (const stage of exec.stages.values()) this.diffStage(exec, stage, seen, out);
    if (changed && exec.status !== 'InProgress') {
      const state = runState(exec.status, false);
      if (state) out.push({ level: 'pipeline', exec, state });
    }
    seen.status = exec.status;
  }

  private diffStage(exec: ExecutionRecord, stage: StageRun, seen: Seen, out: StateChange[]): void {
    const before = seen.stages.get(stage.stageName);
    const fresh = before?.run !== stage;
    const changed = fresh || before.status !== stage.status;
    const wasDown = before !== undefined && (before.status === 'Failed' || before.status === 'Stopped');
    if (changed && stage.status === 'InProgress') {
      out.push({ level: 'stage', exec, stage, state: wasDown ? 'RESUMED' : 'STARTED' });
    } else if (changed && fresh && stage.status !== 'Skipped') {
      out.push({ level: 'stage', exec, stage, state: wasDown ? 'RESUMED' : 'STARTED' });
    }
    for (const action of stage.actions) {
      const prior = seen.actions.get(action.actionExecutionId);
      if (prior === action.status) continue;
      if (prior === undefined && action.status !== 'InProgress') {
        out.push({ level: 'action', exec, stage, action, state: 'STARTED' });
      }
      const state = actionState(action.status);
      if (state) out.push({ level: 'action', exec, stage, action, state });
      seen.actions.set(action.actionExecutionId, action.status);
    }
    if (changed && stage.status !== 'InProgress') {
      const state = runState(stage.status, false);
      if (state) out.push({ level: 'stage', exec, stage, state });
    }
    seen.stages.set(stage.stageName, { run: stage, status: stage.status });
  }
}
