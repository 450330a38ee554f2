/**
 * A token bucket of upstream calls: `ratePerSecond` tokens come back each
 * second, up to `capacity`. Taking a token may be refused when it would leave
 * fewer than `floor` tokens behind: that floor is how priorities share one
 * bucket (a write's floor is 0, a poll's is the highest).
 */
export interface TokenBucket {
  /** Takes one token if `floor` tokens would remain; otherwise says how long until one would. */
  take(floor: number): Promise<TakeResult>;
  /** Spends `count` tokens whatever is left (calls already made, such as the SDK's own retries). */
  charge(count: number): Promise<void>;
}

/** The answer of {@link TokenBucket.take}. */
export type TakeResult = { granted: true } | { granted: false; retryInMs: number };

/** The shape of a bucket: its refill rate and how many tokens it holds at most. */
export interface BucketShape {
  ratePerSecond: number;
  capacity: number;
}

/** Spending tokens below this is never allowed, even for charges: debts are repaid within seconds. */
export function debtLimit(shape: BucketShape): number {
  return -shape.capacity;
}

/**
 * The pure refill-and-take step both buckets run (the Redis one in Lua, with
 * the same arithmetic). `tokens` and `atMs` are the stored state.
 */
export function takeStep(
  shape: BucketShape,
  state: { tokens: number; atMs: number },
  nowMs: number,
  floor: number,
): { state: { tokens: number; atMs: number }; result: TakeResult } {
  let tokens = state.tokens;
  if (nowMs > state.atMs)
    tokens = Math.min(shape.capacity, tokens + ((nowMs - state.atMs) * shape.ratePerSecond) / 1000);
  const atMs = Math.max(nowMs, state.atMs);
  if (tokens - 1 >= floor) return { state: { tokens: tokens - 1, atMs }, result: { granted: true } };
  const retryInMs = Math.max(1, Math.ceil(((floor + 1 - tokens) * 1000) / shape.ratePerSecond));
  return { state: { tokens, atMs }, result: { granted: false, retryInMs } };
}

/** A bucket in this process only: the fallback when Redis is down, and the bucket of a gateway without Redis. */
export class LocalTokenBucket implements TokenBucket {
  private state: { tokens: number; atMs: number };

  constructor(
    private readonly shape: BucketShape,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { tokens: shape.capacity, atMs: now() };
  }

  take(floor: number): Promise<TakeResult> {
    const step = takeStep(this.shape, this.state, this.now(), floor);
    this.state = step.state;
    return Promise.resolve(step.result);
  }

  charge(count: number): Promise<void> {
    const step = takeStep(this.shape, this.state, this.now(), -Infinity);
    this.state = {
      tokens: Math.max(debtLimit(this.shape), step.state.tokens + 1 - count),
      atMs: step.state.atMs,
    };
    return Promise.resolve();
  }
}
