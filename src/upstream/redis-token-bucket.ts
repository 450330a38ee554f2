import { type Redis } from 'ioredis';
import { type BucketShape, LocalTokenBucket, type TakeResult, type TokenBucket } from './token-bucket';

/**
 * The refill-and-take step of `takeStep` (token-bucket.ts), run atomically in
 * Redis so every replica spends from one bucket. The clock is Redis's own
 * (TIME), so replicas with skewed clocks still agree. A floor of "-inf"
 * charges: it always takes, down to the debt limit, `count` tokens.
 *
 * KEYS[1] bucket; ARGV rate/s, capacity, floor, count, debt limit. Returns {granted, retryInMs}.
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local floor = tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local debt = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(s[1])
local at = tonumber(s[2])
if tokens == nil or at == nil then tokens = capacity; at = now end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
  at = now
end
local granted = 0
local retry = 0
if ARGV[3] == '-inf' then
  tokens = math.max(debt, tokens - count)
  granted = 1
elseif tokens - count >= floor then
  tokens = tokens - count
  granted = 1
else
  retry = math.max(1, math.ceil((floor + count - tokens) * 1000 / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 60000)
return {granted, retry}
`;

/** Options of {@link RedisTokenBucket}. */
export interface RedisBucketOptions {
  redis: Redis;
  /** The bucket's key: one per target, under the gateway's key prefix. */
  key: string;
  shape: BucketShape;
  /** How long to stay on the local bucket after a Redis failure before trying Redis again. Default 1000 ms. */
  retryRedisAfterMs?: number;
  /** Told once when Redis fails and the process falls back to its own bucket. */
  onFallback?: (err: unknown) => void;
  now?: () => number;
}

interface ScriptedRedis extends Redis {
  cpgwTakeTokens(
    key: string,
    rate: number,
    capacity: number,
    floor: string,
    count: number,
    debt: number,
  ): Promise<[number, number]>;
}

/**
 * The fleet-wide budget of one target: a token bucket in Redis shared by
 * every replica. When Redis does not answer, this process spends from a
 * bucket of its own with the same shape, so the gateway keeps calling
 * CodePipeline within a per-process budget until Redis is back.
 */
export class RedisTokenBucket implements TokenBucket {
  private readonly local: LocalTokenBucket;
  private readonly now: () => number;
  private localUntilMs = -Infinity;
  private readonly redis: ScriptedRedis;

  constructor(private readonly options: RedisBucketOptions) {
    this.now = options.now ?? Date.now;
    this.local = new LocalTokenBucket(options.shape, this.now);
    const redis = options.redis as ScriptedRedis;
    if (typeof redis.cpgwTakeTokens !== 'function') {
      redis.defineCommand('cpgwTakeTokens', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    }
    this.redis = redis;
  }

  /** True while this process spends from its own bucket because Redis failed. */
  get onLocalFallback(): boolean {
    return this.now() < this.localUntilMs;
  }

  async take(floor: number): Promise<TakeResult> {
    const answer = await this.run(String(floor), 1);
    if (!answer) return this.local.take(floor);
    const [granted, retryInMs] = answer;
    return granted === 1 ? { granted: true } : { granted: false, retryInMs };
  }

  async charge(count: number): Promise<void> {
    if (count <= 0) return;
    if (!(await this.run('-inf', count))) await this.local.charge(count);
  }

  /** One script run, or undefined when Redis is down (and then the local bucket answers for a while). */
  private async run(floor: string, count: number): Promise<[number, number] | undefined> {
    if (this.onLocalFallback || this.options.redis.status !== 'ready') return undefined;
    const { ratePerSecond, capacity } = this.options.shape;
    try {
      return await this.redis.cpgwTakeTokens(
        this.options.key,
        ratePerSecond,
        capacity,
        floor,
        count,
        -capacity,
      );
    } catch (err) {
      this.localUntilMs = this.now() + (this.options.retryRedisAfterMs ?? 1000);
      this.options.onFallback?.(err);
      return undefined;
    }
  }
}
