import { type CallPriority } from './priority';

/**
 * Told of how each target's budget is spent, process-wide. The server layer
 * plugs its metrics in here (layers run one way); `target` is the target's
 * key (`account:region`).
 */
export interface BudgetObserver {
  /** Tokens spent: one per call, plus the SDK's own retries of a call. */
  spent(target: string, priority: CallPriority, tokens: number): void;
  /** A call waited for a token this long before going out (only calls that waited). */
  waited(target: string, priority: CallPriority, ms: number): void;
  /** CodePipeline answered a call with a throttle. */
  throttled(target: string, priority: CallPriority): void;
  /** A call gave up waiting: its wait bound passed first. */
  exhausted(target: string, priority: CallPriority): void;
}
