import { type Redis } from 'ioredis';
import { type Cache, type CachedValue, type CacheWrite, decodeEntry, encodeEntry } from './cache';
import { MemoryCache } from './memory-cache';
import { type RedisCache } from './redis-cache';

/** An invalidation as it travels between replicas. */
interface InvalidationMessage {
  origin: string;
  keys: readonly string[];
  tags: readonly string[];
}

/**
 * Redis behind an in-process near cache. A warm read is served from process
 * memory while the entry is fresh; Redis stays the shared truth that every
 * replica fills and reads on a near miss. Invalidations go to Redis and are
 * broadcast over pub/sub, so every replica drops its near copy within
 * milliseconds of a mutation anywhere.
 *
 * Near copies live only for their remaining fresh time, never for the stale
 * retention: stale-on-error reads always come from Redis.
 */
export class TieredCache implements Cache {
  readonly kind = 'redis' as const;
  private readonly near: MemoryCache;
  private readonly origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly remoteListeners: ((keys: readonly string[], tags: readonly string[]) => void)[] = [];

  private constructor(
    private readonly far: RedisCache,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    nearEntries: number,
    private readonly now: () => number,
  ) {
    this.near = new MemoryCache(nearEntries, 0, now);
  }

  /** Connects the invalidation channel, then returns the cache. */
  static async create(
    far: RedisCache,
    redis: Redis,
    channel: string,
    nearEntries: number,
    now: () => number = Date.now,
  ): Promise<TieredCache> {
    const subscriber = redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      lazyConnect: false,
    });
    subscriber.on('error', () => undefined);
    const cache = new TieredCache(far, redis, subscriber, channel, nearEntries, now);
    subscriber.on('message', (ch: string, raw: string) => {
      if (ch === channel) cache.onInvalidation(raw);
    });
    await subscriber.subscribe(channel);
    return cache;
  }

  async getMany(keys: readonly string[]): Promise<(CachedValue | undefined)[]> {
    const now = this.now();
    const near = await this.near.getMany(keys);
    const missing = keys.filter((_k, i) => {
      const hit = near[i];
      return !hit || hit.freshUntilMs <= now;
    });
    if (missing.length === 0) return near.map((n) => n && this.restore(n));
    const far = await this.far.getMany(missing);
    const fill: CacheWrite[] = [];
    const byKey = new Map<string, CachedValue | undefined>();
    missing.forEach((key, i) => {
      const value = far[i];
      byKey.set(key, value);
      if (value && value.freshUntilMs > now) {
        fill.push({
          key,
          value: encodeEntry(value.value, value.storedAtMs, value.freshUntilMs),
          freshForMs: value.freshUntilMs - now,
        });
      }
    });
    await this.near.setMany(fill);
    return keys.map((key, i) => (byKey.has(key) ? byKey.get(key) : near[i] && this.restore(near[i])));
  }

  /** The near copy, when fresh: a warm read served from this process with no round trip and no promise. */
  peek(key: string): CachedValue | undefined {
    const near = this.near.peek(key);
    if (!near) return undefined;
    // The near cache hands back its stored entry itself: restore it once, so every warm read gets the same text.
    let far = this.restored.get(near);
    if (!far) this.restored.set(near, (far = this.restore(near)));
    return far;
  }

  /** Far entries restored from near copies, by near entry (dropped with it). */
  private readonly restored = new WeakMap<CachedValue, CachedValue>();

  async setMany(writes: readonly CacheWrite[]): Promise<void> {
    // The near copy keeps the far entry's timestamps, so decoded values are shared by write.
    const now = this.now();
    await this.far.setManyAt(writes, now);
    await this.near.setMany(
      writes.map((w) => ({
        key: w.key,
        value: encodeEntry(w.value, now, now + w.freshForMs),
        freshForMs: w.freshForMs,
        tags: w.tags,
      })),
    );
  }

  async invalidate(keys: readonly string[], tags: readonly string[] = []): Promise<void> {
    // The far side names every key its tags covered; near copies filled from Redis carry no tags.
    const dropped = await this.far.invalidateAndList(keys, tags);
    await this.near.invalidate([...keys, ...dropped], tags);
    const message: InvalidationMessage = { origin: this.origin, keys: [...keys, ...dropped], tags };
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  onRemoteInvalidation(listener: (keys: readonly string[], tags: readonly string[]) => void): void {
    this.remoteListeners.push(listener);
  }

  async close(): Promise<void> {
    await this.near.close();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private onInvalidation(raw: string): void {
    try {
      const message = JSON.parse(raw) as InvalidationMessage;
      if (message.origin === this.origin) return;
      void this.near.invalidate(message.keys, message.tags);
      for (const listener of this.remoteListeners) listener(message.keys, message.tags);
    } catch {
      // A message this version cannot read invalidates nothing; entries still expire by freshness.
    }
  }

  /** The far entry a near copy stands for: near copies wrap the far entry's own timestamps. */
  private restore(near: CachedValue): CachedValue {
    return decodeEntry(near.value) ?? near;
  }
}
