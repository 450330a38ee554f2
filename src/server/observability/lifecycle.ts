/** Where a gateway is in its life. */
export type LifecycleState = 'starting' | 'serving' | 'draining' | 'stopped';

/** The moves allowed from each state; everything else is ignored (a second SIGTERM, a close after a close). */
const NEXT: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  starting: ['serving', 'draining', 'stopped'],
  serving: ['draining'],
  draining: ['stopped'],
  stopped: [],
};

/**
 * The gateway's life as a small state machine: `starting` until it listens,
 * `serving`, `draining` from the first shutdown request (readiness fails,
 * in-flight work finishes), `stopped` once everything is closed. Readiness
 * and shutdown read it, so they agree on what "shutting down" means.
 */
export class Lifecycle {
  private current: LifecycleState = 'starting';
  private readonly listeners: ((state: LifecycleState) => void)[] = [];

  get state(): LifecycleState {
    return this.current;
  }

  /** Moves to `next` if allowed from here; false when it is not (the move already happened, or is backwards). */
  moveTo(next: LifecycleState): boolean {
    if (!NEXT[this.current].includes(next)) return false;
    this.current = next;
    this.listeners.forEach((listener) => listener(next));
    return true;
  }

  /** Calls `listener` on every move from now on. */
  onChange(listener: (state: LifecycleState) => void): void {
    this.listeners.push(listener);
  }
}
