import { type SimClock } from '../core/clock';
import { type EmulatorTarget } from '../core/context';
import { type EmulatorState, type ExecutionRecord, type RuleRun } from '../core/state';

/** Tunables of the simulation. */
export interface EngineOptions {
  defaultActionDurationMs: number;
  random: () => number;
  /**
   * Called after each step of a tick (each played deadline, with its simulated
   * time), so an observer such as the events publisher sees every transition
   * even when one clock jump plays many.
   */
  afterStep?: (atMs: number) => void;
}

/** A source revision an execution will report once its source action runs. */
export interface PlannedRevision {
  revisionId: string;
  revisionChangeId?: string;
  created?: Date;
  summary?: string;
}

/** When a rule finishes and how, kept beside the public record (RuleRun has no deadline field). */
export interface RulePlan {
  dueAtMs: number;
  outcome: 'Succeeded' | 'Failed';
}

/**
 * Everything the engine's functions share. The world is read through a getter
 * because `POST /_emulator/reset` swaps the state object under the engine.
 */
export interface EngineCore {
  readonly state: EmulatorState;
  readonly clock: SimClock;
  readonly target: EmulatorTarget;
  readonly options: EngineOptions;
  /** Source revisions decided at start, revealed when the source action succeeds. */
  readonly plannedRevisions: WeakMap<ExecutionRecord, Map<string, PlannedRevision>>;
  readonly rulePlans: WeakMap<RuleRun, RulePlan>;
  /** Start order of executions: newer executions supersede older ones and queues are FIFO. */
  readonly sequence: WeakMap<ExecutionRecord, number>;
}

/** Compares executions by start order (older first). */
export function startOrder(core: EngineCore, a: ExecutionRecord, b: ExecutionRecord): number {
  const sa = core.sequence.get(a) ?? a.startTime.getTime();
  const sb = core.sequence.get(b) ?? b.startTime.getTime();
  return sa - sb;
}

/** The identity the emulator acts as, shown as trigger detail and `updatedBy`. */
export function userArn(core: { target: EmulatorTarget }): string {
  return `arn:aws:iam::${core.target.accountId}:user/emulator`;
}

/** Executions that can still move. */
export function isActive(exec: ExecutionRecord): boolean {
  return exec.status === 'InProgress' || exec.status === 'Stopping';
}
