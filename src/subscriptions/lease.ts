import { randomUUID } from 'node:crypto';
import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../aws/target';
import { type Lease } from './contracts';

/**
 * KEYS[1]: the lease; ARGV[1]: holder id; ARGV[2]: ttl ms. Takes the lease if nobody holds it. `allow-oom`:
 * with `maxmemory-policy noeviction`, a Redis the cache has filled refuses ordinary writes, but the lease is a
 * few bytes and must still change hands.
 */
const TAKE_SCRIPT = `#!lua flags=allow-oom
return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
`;

/** KEYS[1]: the lease; ARGV[1]: holder id; ARGV[2]: ttl ms. Extends the lease only if it is still ours. */
const RENEW_SCRIPT = `#!lua flags=allow-oom
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** KEYS[1]: the lease; ARGV[1]: holder id. Deletes the lease only if it is still ours. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** Tuning of {@link RedisLease}; every member has a default. */
export interface RedisLeaseOptions {
  /** This replica's id in the lease. Default a random UUID. */
  holderId?: string;
  /** How long the lease survives without renewal: the takeover delay when the holder dies. Default 10 s. */
  ttlMs?: number;
  now?: () => number;
  /** Where Redis failures go (they count as "not held", never throw). Default console.error. */
  onError?: (context: string, err: Error) => void;
}

/**
 * The poller's lease in Redis, so exactly one replica polls a target: taken
 * with `SET NX PX` (in a script that may write when Redis is full), renewed and released by scripts that compare the holder
 * first, so a replica that lost the lease (paused past the TTL) can neither
 * extend nor delete its successor's.
 *
 * `held` is the last result, and also turns false on its own once the TTL has
 * passed since that result's request was sent: a holder whose renewals stop
 * landing stops believing it holds the lease no later than Redis forgets it.
 * Redis errors count as not held (logged, not thrown), so the poller's loop
 * simply keeps trying.
 */
export class RedisLease implements Lease {
  readonly holderId: string;
  private readonly key: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly onError: (context: string, err: Error) => void;
  private heldUntil = 0;
  /** Bumped by release(), so an attempt still in flight cannot mark the lease held again. */
  private generation = 0;

  /** `scope`: the target whose poller this lease elects, or any name for a lease of another kind. */
  constructor(
    private readonly redis: Redis,
    prefix: string,
    scope: Target | string,
    options: RedisLeaseOptions = {},
  ) {
    this.key = `${prefix}poller-lease:${typeof scope === 'string' ? scope : targetKey(scope)}`;
    this.holderId = options.holderId ?? randomUUID();
    this.ttlMs = options.ttlMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? ((context, err) => console.error(`${context}:`, err.message));
  }

  get held(): boolean {
    return this.heldUntil > this.now();
  }

  async tryAcquire(): Promise<boolean> {
    const generation = this.generation;
    const sentAt = this.now();
    let ok = false;
    try {
      // Held: renew, and if it lapsed meanwhile try to take it afresh. Not held: take it, or find we
      // still own it (a reply lost to a timeout) and renew.
      ok = this.held
        ? (await this.renew()) || (await this.take())
        : (await this.take()) || (await this.renew());
    } catch (err) {
      this.onError('lease acquire', err as Error);
    }
    if (generation === this.generation) this.heldUntil = ok ? sentAt + this.ttlMs : 0;
    return ok && generation === this.generation;
  }

  async release(): Promise<void> {
    this.generation += 1;
    this.heldUntil = 0;
    try {
      await this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.holderId);
    } catch (err) {
      // Not fatal: the lease lapses after its TTL.
      this.onError('lease release', err as Error);
    }
  }

  /** Who holds the lease now, as Redis says (for metrics and tests). */
  async currentHolder(): Promise<string | null> {
    return this.redis.get(this.key);
  }

  private async take(): Promise<boolean> {
    return (await this.redis.eval(TAKE_SCRIPT, 1, this.key, this.holderId, this.ttlMs)) === 'OK';
  }

  private async renew(): Promise<boolean> {
    return (await this.redis.eval(RENEW_SCRIPT, 1, this.key, this.holderId, this.ttlMs)) === 1;
  }
}
