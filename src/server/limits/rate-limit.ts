import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Redis } from 'ioredis';
import { ErrorCode } from '../../schema/errors/error-codes';
import { type RateLimitConfig } from './limits-config';

/** One request's answer from the limiter. */
export interface RateDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: how long until a token is there. 0 when allowed. */
  retryAfterMs: number;
}

/**
 * A token bucket per principal: each request takes a token, tokens come back
 * at `perSecond`, at most `burst` are kept. Keyed by the principal's id, so
 * one noisy client empties only its own bucket.
 */
export interface RateLimiter {
  take(principalId: string): Promise<RateDecision>;
}

/**
 * Refill and take in one atomic step, on Redis's clock (so replicas with
 * skewed clocks agree). State: a hash of `tokens` (fractional) and `ts` (ms).
 * The key expires once a full bucket would have refilled, so idle principals
 * leave nothing behind.
 */
const TAKE_SCRIPT = `#!lua flags=allow-oom
-- allow-oom: a bucket is a few bytes, and must keep counting when the cache has filled Redis (noeviction).
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
  ts = now
end
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ts)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return { allowed, math.floor(tokens), retry }
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

/** The bucket in Redis, shared by every replica using the same prefix. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly config: RateLimitConfig,
  ) {}

  /** The Redis key of a principal's bucket. */
  key(principalId: string): string {
    return `${this.keyPrefix}ratelimit:${principalId}`;
  }

  async take(principalId: string): Promise<RateDecision> {
    const args = [1, this.key(principalId), this.config.perSecond, this.config.burst] as const;
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(TAKE_SHA, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      reply = await this.redis.eval(TAKE_SCRIPT, ...args);
    }
    const [allowed, remaining, retryAfterMs] = reply as [number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs };
  }
}

/** Buckets kept in memory before the least recently used are dropped (a dropped bucket starts full). */
const MEMORY_BUCKETS = 100_000;

/** The bucket in process memory: one replica's own, for gateways without Redis. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; ts: number }>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  async take(principalId: string): Promise<RateDecision> {
    const { perSecond, burst } = this.config;
    const now = this.now();
    const bucket = this.buckets.get(principalId) ?? { tokens: burst, ts: now };
    this.buckets.delete(principalId);
    if (now > bucket.ts) {
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.ts) * perSecond) / 1000);
      bucket.ts = now;
    }
    let decision: RateDecision;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      decision = { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterMs: 0 };
    } else {
      decision = {
        allowed: false,
        remaining: 0,
        retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / perSecond),
      };
    }
    this.buckets.set(principalId, bucket);
    if (this.buckets.size > MEMORY_BUCKETS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return decision;
  }
}

/**
 * Lets every request through when the inner limiter fails (Redis down or
 * slow), reporting the failure: a Redis outage must never become an outage
 * of the gateway.
 */
export class FailOpenRateLimiter implements RateLimiter {
  constructor(
    private readonly inner: RateLimiter,
    private readonly onError: (err: unknown) => void,
  ) {}

  async take(principalId: string): Promise<RateDecision> {
    try {
      return await this.inner.take(principalId);
    } catch (err) {
      this.onError(err);
      return { allowed: true, remaining: 0, retryAfterMs: 0 };
    }
  }
}

/**
 * The limiter a gateway uses: in Redis (shared by replicas) when it has
 * Redis, else in memory; failing open either way. Undefined when rate
 * limiting is off.
 */
export function createRateLimiter(
  config: RateLimitConfig | undefined,
  redis: Redis | undefined,
  keyPrefix: string,
  onError: (err: unknown) => void,
): RateLimiter | undefined {
  if (!config) return undefined;
  const inner = redis ? new RedisRateLimiter(redis, keyPrefix, config) : new MemoryRateLimiter(config);
  return new FailOpenRateLimiter(inner, onError);
}

/**
 * Who an unauthenticated request counts against: the client's address.
 * Behind a proxy every client shares the proxy's address, hence one bucket;
 * authenticate to limit per caller.
 */
export function clientAddressId(req: IncomingMessage): string {
  return `ip:${req.socket.remoteAddress ?? 'unknown'}`;
}

/** The GraphQL error of a refused request, as HTTP and WebSocket clients see it. */
export function rateLimitedError(retryAfterMs: number): {
  message: string;
  extensions: { code: ErrorCode; retryAfterMs: number };
} {
  return {
    message: `Rate limit exceeded: retry in ${retryAfterMs} ms`,
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterMs },
  };
}

/**
 * Wraps an HTTP handler: a request over its principal's rate gets 429 with
 * `Retry-After` (whole seconds, as HTTP wants) and a `RATE_LIMITED` error
 * carrying `retryAfterMs`, before its body is read or parsed.
 */
export function rateLimited(
  limiter: RateLimiter | undefined,
  principalOf: (req: IncomingMessage) => string | Promise<string>,
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  if (!limiter) return handler;
  return async (req, res) => {
    // CORS preflights carry no operation; they never spend a token.
    if (req.method === 'OPTIONS') return handler(req, res);
    const decision = await limiter.take(await principalOf(req));
    if (decision.allowed) return handler(req, res);
    const body = JSON.stringify({ errors: [rateLimitedError(decision.retryAfterMs)] });
    req.resume();
    res.writeHead(429, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'retry-after': String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))),
    });
    res.end(body);
  };
}
