import { type Redis } from 'ioredis';
import { type Cache, type CachedValue, type CacheWrite, decodeEntry, encodeEntry } from './cache';

/**
 * KEYS: plain keys then tag sets; ARGV[1]: how many plain keys; ARGV[2]: the key prefix.
 * Returns the (unprefixed) keys the tags covered.
 */
const INVALIDATE_SCRIPT = `
local plain = tonumber(ARGV[1])
local dropped = {}
for i = 1, #KEYS do
  if i > plain then
    local members = redis.call('SMEMBERS', KEYS[i])
    for _, member in ipairs(members) do
      redis.call('UNLINK', ARGV[2] .. member)
      dropped[#dropped + 1] = member
    end
  end
  redis.call('UNLINK', KEYS[i])
end
return dropped
`;

/**
 * The shared cache: one Redis for every replica, so a value fetched by one is
 * served by all, and an invalidation by one is seen by all.
 *
 * Keys live under `prefix`. A value is kept for its fresh time plus
 * `staleRetentionMs` (Redis `PX`), so a recent value survives for
 * stale-on-error. Tags are Redis sets of keys, expiring with what they index.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly staleRetentionMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async getMany(keys: readonly string[]): Promise<(CachedValue | undefined)[]> {
    if (keys.length === 0) return [];
    const raw = await this.redis.mget(...keys.map((k) => this.prefix + k));
    return raw.map(decodeEntry);
  }

  async setMany(writes: readonly CacheWrite[]): Promise<void> {
    await this.setManyAt(writes, this.now());
  }

  /** Writes as of a given time, so a near cache can hold copies with identical timestamps. */
  async setManyAt(writes: readonly CacheWrite[], now: number): Promise<void> {
    if (writes.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const w of writes) {
      const ttl = Math.max(1, Math.ceil(w.freshForMs + this.staleRetentionMs));
      pipeline.set(this.prefix + w.key, encodeEntry(w.value, now, now + w.freshForMs), 'PX', ttl);
      for (const tag of w.tags ?? []) {
        const tagKey = this.tagKey(tag);
        pipeline.sadd(tagKey, w.key);
        pipeline.pexpire(tagKey, ttl, 'GT');
        // A fresh set has no TTL, and GT never sets one on it: give it one.
        pipeline.pexpire(tagKey, ttl, 'NX');
      }
    }
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err !== null);
    if (failed?.[0]) throw failed[0];
  }

  async invalidate(keys: readonly string[], tags: readonly string[] = []): Promise<void> {
    await this.invalidateAndList(keys, tags);
  }

  /** Invalidates, and names the keys the tags covered (for near caches that hold them without tags). */
  async invalidateAndList(keys: readonly string[], tags: readonly string[] = []): Promise<string[]> {
    if (keys.length === 0 && tags.length === 0) return [];
    // One script, so a key written under a tag while it is being dropped cannot slip between read and delete.
    return (await this.redis.eval(
      INVALIDATE_SCRIPT,
      keys.length + tags.length,
      ...keys.map((k) => this.prefix + k),
      ...tags.map((t) => this.tagKey(t)),
      String(keys.length),
      this.prefix,
    )) as string[];
  }

  async close(): Promise<void> {
    // The connection is owned by whoever created it (it is shared with the event bus and the lease).
  }

  private tagKey(tag: string): string {
    return `${this.prefix}tag:${tag}`;
  }
}
