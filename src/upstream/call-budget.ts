import { BudgetAborted, BudgetExhausted } from './budget-errors';
import { type BudgetObserver } from './observer';
import { PRIORITIES, type CallPriority } from './priority';
import { type BucketShape, type TokenBucket } from './token-bucket';

/** How a call waits for its token. */
export interface WaitOptions {
  priority: CallPriority;
  /**
   * The caller has an answer to fall back on (a stale cached value) if the
   * call does not go out soon. Such a read yields to reads that have none:
   * they are a user waiting with nothing to show.
   */
  hasFallback?: boolean;
  /** Give up (with {@link BudgetExhausted}) after waiting this long. Default: wait until a token comes. */
  maxWaitMs?: number;
  /** Stop waiting (with {@link BudgetAborted}). */
  signal?: AbortSignal;
}

/** Options of {@link CallBudget}. */
export interface CallBudgetOptions {
  /** The target's key, for metrics and messages. */
  target: string;
  bucket: TokenBucket;
  shape: BucketShape;
  observer?: BudgetObserver;
  /** The poller's own pace in this process (`POLL_CALLS_PER_SECOND`), within the bucket; absent, the bucket alone. */
  pollerCallsPerSecond?: number;
  /** A poll that has waited this long is served as an interactive read, so user traffic never starves it. Default 2000. */
  pollerPromotionMs?: number;
  /** The first back-off after an upstream throttle; it doubles per throttle in a row. Default 200. */
  backoffBaseMs?: number;
  /** The longest back-off. Default 5000. */
  backoffMaxMs?: number;
  now?: () => number;
  random?: () => number;
}

interface Waiter {
  priority: CallPriority;
  hasFallback: boolean;
  enqueuedMs: number;
  deadlineMs: number;
  signal?: AbortSignal;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * The call budget of one target. Calls wait in one queue per priority, and a
 * single pump per process asks the bucket for a token for the head of the
 * highest non-empty queue. Among reads, one with nothing to fall back on
 * goes before one that could serve a stale value instead, so a dashboard's
 * refreshes never hold up a read that would otherwise fail. Priorities
 * share the bucket through floors, which hold across replicas: a write may
 * take the last token, a read must leave one for a write, a read that could
 * serve a stale value two, a poll three. So under load writes go first and wait at
 * most one refill interval, user reads take what is left, and the poller
 * slows down (a poll that waited long enough is promoted, so it is never
 * starved outright).
 *
 * After CodePipeline throttles, reads and polls back off for an exponential,
 * jittered delay (the "full jitter" of the AWS architecture blog); writes
 * do not wait for it, the SDK's own retry backs them off.
 */
export class CallBudget {
  private readonly queues = new Map<CallPriority, Waiter[]>(PRIORITIES.map((p) => [p, []]));
  private readonly now: () => number;
  private readonly random: () => number;
  private pumping = false;
  private wake?: () => void;
  private throttlesInRow = 0;
  private backoffUntilMs = -Infinity;
  private pollerNextMs = -Infinity;

  constructor(private readonly options: CallBudgetOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Calls waiting now, all priorities together. */
  get waiting(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  /** Resolves when one call of `priority` may go out; its token is spent. */
  acquire(options: WaitOptions): Promise<void> {
    if (options.signal?.aborted) return Promise.reject(new BudgetAborted());
    return new Promise<void>((resolve, reject) => {
      const now = this.now();
      const waiter: Waiter = {
        priority: options.priority,
        hasFallback: options.hasFallback ?? false,
        enqueuedMs: now,
        deadlineMs: options.maxWaitMs === undefined ? Infinity : now + options.maxWaitMs,
        signal: options.signal,
        resolve,
        reject,
      };
      this.queues.get(options.priority)?.push(waiter);
      options.signal?.addEventListener('abort', () => this.wake?.(), { once: true });
      if (this.pumping) this.wake?.();
      else void this.pump();
    });
  }

  /** Spends tokens for calls already made outside the queue (the SDK's retries of a call). */
  async charge(priority: CallPriority, tokens: number): Promise<void> {
    if (tokens <= 0) return;
    await this.options.bucket.charge(tokens);
    this.options.observer?.spent(this.options.target, priority, tokens);
  }

  /** CodePipeline throttled a call: reads and polls back off, longer for each throttle in a row. */
  onThrottle(priority: CallPriority): void {
    this.options.observer?.throttled(this.options.target, priority);
    this.throttlesInRow += 1;
    const base = this.options.backoffBaseMs ?? 200;
    const cap = this.options.backoffMaxMs ?? 5000;
    const ceiling = Math.min(cap, base * 2 ** Math.min(this.throttlesInRow - 1, 16));
    const delay = ceiling / 2 + this.random() * (ceiling / 2);
    this.backoffUntilMs = Math.max(this.backoffUntilMs, this.now() + delay);
  }

  /** A call went through: the next throttle starts the back-off afresh. */
  onSuccess(): void {
    this.throttlesInRow = 0;
  }

  private floorOf(waiter: Waiter, now: number): number {
    const highest = Math.max(0, this.options.shape.capacity - 1);
    const priority = this.effectivePriority(waiter, now);
    switch (priority) {
      case 'write':
        return 0;
      case 'interactive':
        // The floors order the fleet, not only this process: a replica's stale refresh leaves two tokens for another's miss.
        return Math.min(waiter.hasFallback && waiter.priority === 'interactive' ? 2 : 1, highest);
      case 'poller':
        return Math.min(3, highest);
      default: {
        const unreachable: never = priority;
        throw new Error(`unknown priority ${String(unreachable)}`);
      }
    }
  }

  private effectivePriority(waiter: Waiter, now: number): CallPriority {
    const promoteAfter = this.options.pollerPromotionMs ?? 2000;
    return waiter.priority === 'poller' && now - waiter.enqueuedMs >= promoteAfter
      ? 'interactive'
      : waiter.priority;
  }

  /**
   * The next waiter to serve: writes; then reads with nothing to fall back on
   * and promoted polls (oldest first); then reads that could serve a stale
   * value; then polls.
   */
  private head(now: number): Waiter | undefined {
    const write = this.queues.get('write')?.[0];
    if (write) return write;
    const reads = this.queues.get('interactive') ?? [];
    const urgent = reads.find((w) => !w.hasFallback);
    const poll = this.queues.get('poller')?.[0];
    const promoted = poll && this.effectivePriority(poll, now) === 'interactive' ? poll : undefined;
    if (urgent && promoted) return promoted.enqueuedMs < urgent.enqueuedMs ? promoted : urgent;
    return urgent ?? promoted ?? reads[0] ?? poll;
  }

  /** Rejects waiters whose bound passed or whose caller stopped; returns the nearest deadline left. */
  private expire(now: number): number {
    let nearest = Infinity;
    for (const [priority, queue] of this.queues) {
      const kept = queue.filter((w) => {
        if (w.signal?.aborted) {
          w.reject(new BudgetAborted());
          return false;
        }
        if (w.deadlineMs <= now) {
          this.options.observer?.exhausted(this.options.target, priority);
          w.reject(new BudgetExhausted(this.options.target, now - w.enqueuedMs));
          return false;
        }
        nearest = Math.min(nearest, w.deadlineMs);
        return true;
      });
      this.queues.set(priority, kept);
    }
    return nearest;
  }

  private remove(waiter: Waiter): void {
    const queue = this.queues.get(waiter.priority);
    const i = queue?.indexOf(waiter) ?? -1;
    if (queue && i >= 0) queue.splice(i, 1);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        const now = this.now();
        const nearestDeadline = this.expire(now);
        const head = this.head(now);
        if (!head) return;
        if (head.priority !== 'write' && this.backoffUntilMs > now) {
          await this.pause(Math.min(this.backoffUntilMs, nearestDeadline) - now);
          continue;
        }
        const paced = this.effectivePriority(head, now) === 'poller' && this.pollerNextMs > now;
        if (paced) {
          await this.pause(Math.min(this.pollerNextMs, nearestDeadline) - now);
          continue;
        }
        let result;
        try {
          result = await this.options.bucket.take(this.floorOf(head, now));
        } catch (err) {
          // A bucket never throws by contract (Redis falls back); if one does, the call is refused, not lost.
          this.remove(head);
          head.reject(err as Error);
          continue;
        }
        if (result.granted) {
          this.remove(head);
          const pollerRate = this.options.pollerCallsPerSecond;
          if (head.priority === 'poller' && pollerRate) this.pollerNextMs = this.now() + 1000 / pollerRate;
          const waitedMs = this.now() - head.enqueuedMs;
          this.options.observer?.spent(this.options.target, head.priority, 1);
          if (waitedMs >= 1) this.options.observer?.waited(this.options.target, head.priority, waitedMs);
          head.resolve();
          continue;
        }
        await this.pause(Math.min(result.retryInMs, nearestDeadline - now));
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Sleeps up to `ms`, or less when a call arrives or a caller stops waiting. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      this.wake = done;
    });
  }
}
