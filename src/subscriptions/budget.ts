/**
 * The global upstream budget of the change detector: at most
 * `callsPerSecond` calls in any one-second window, however many pipelines
 * are watched. Calls are spaced evenly (one every `1000 / rate` ms, measured
 * from when each call was actually let through), which both caps every
 * window and keeps CodePipeline from seeing bursts.
 *
 * On a throttle the effective rate halves (down to `minFactor` of the
 * configured one) and the next call waits a full new interval; it then
 * recovers additively, by `recoveryStep` of the configured rate per
 * `recoveryMs` without a throttle (AIMD, as TCP does).
 */

/** Options of {@link CallBudget}. */
export interface CallBudgetOptions {
  /** The configured cap. */
  callsPerSecond: number;
  now?: () => number;
  /** Waits `ms`; rejects or resolves early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The lowest share of the configured rate throttles can push it to. Default 1/16. */
  minFactor?: number;
  /** How much of the configured rate comes back per quiet period. Default 0.125. */
  recoveryStep?: number;
  /** The quiet period. Default 5000 ms. */
  recoveryMs?: number;
}

/** Real waiting: an unref'd timer, cleared when `signal` aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Raised by {@link CallBudget.acquire} when its signal aborts, so no call goes out after a stop. */
export class BudgetAborted extends Error {
  constructor() {
    super('budget wait aborted');
    this.name = 'BudgetAborted';
  }
}

/** A paced, self-adjusting allowance of upstream calls. */
export class CallBudget {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly minFactor: number;
  private readonly recoveryStep: number;
  private readonly recoveryMs: number;
  private factor = 1;
  private lastAdjustMs: number;
  private nextSlotMs = -Infinity;

  constructor(private readonly options: CallBudgetOptions) {
    if (!(options.callsPerSecond > 0)) throw new Error('callsPerSecond must be positive');
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.minFactor = options.minFactor ?? 1 / 16;
    this.recoveryStep = options.recoveryStep ?? 0.125;
    this.recoveryMs = options.recoveryMs ?? 5000;
    this.lastAdjustMs = this.now();
  }

  /** Calls per second allowed now (the configured rate, or less after throttles). */
  get rate(): number {
    this.recover(this.now());
    return this.options.callsPerSecond * this.factor;
  }

  /** Waits until one call may go out, and books it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new BudgetAborted();
      const now = this.now();
      if (now >= this.nextSlotMs) {
        this.nextSlotMs = now + 1000 / this.rate;
        return;
      }
      await this.sleep(this.nextSlotMs - now, signal);
    }
  }

  /** Upstream said slow down: halve the rate and push the next call a full (new) interval away. */
  onThrottle(): void {
    const now = this.now();
    this.recover(now);
    this.factor = Math.max(this.minFactor, this.factor / 2);
    this.lastAdjustMs = now;
    this.nextSlotMs = Math.max(this.nextSlotMs, now + 1000 / (this.options.callsPerSecond * this.factor));
  }

  private recover(now: number): void {
    while (this.factor < 1 && now - this.lastAdjustMs >= this.recoveryMs) {
      this.factor = Math.min(1, this.factor + this.recoveryStep);
      this.lastAdjustMs += this.recoveryMs;
    }
    if (this.factor >= 1) this.lastAdjustMs = Math.max(this.lastAdjustMs, now - this.recoveryMs);
  }
}
