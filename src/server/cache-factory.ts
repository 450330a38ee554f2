import { Redis } from 'ioredis';
import { type Cache } from '../cache/cache';
import { MemoryCache } from '../cache/memory-cache';
import { RedisCache } from '../cache/redis-cache';
import { TieredCache } from '../cache/tiered-cache';
import { type GatewayConfig } from './config';

/** The cache chosen at start-up, with the Redis connection behind it when there is one. */
export interface CacheSetup {
  cache: Cache;
  redis?: Redis;
  close(): Promise<void>;
}

/**
 * Redis when `REDIS_URL` is set (behind a near cache unless
 * `NEAR_CACHE_ENTRIES=0`), else memory. The Redis client fails commands
 * fast while disconnected (no offline queue), so an outage turns reads into
 * misses that go upstream, instead of requests that hang.
 */
export async function createCache(config: GatewayConfig): Promise<CacheSetup> {
  if (!config.redisUrl) {
    const cache = new MemoryCache(config.memoryCacheEntries, config.staleRetentionMs);
    return { cache, close: () => cache.close() };
  }
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
  });
  redis.on('error', () => {
    // Reconnection is automatic; failures surface per command and are handled there.
  });
  await redis.connect();
  const far = new RedisCache(redis, config.redisKeyPrefix, config.staleRetentionMs);
  const cache: Cache =
    config.nearCacheEntries > 0
      ? await TieredCache.create(far, redis, `${config.redisKeyPrefix}invalidations`, config.nearCacheEntries)
      : far;
  return {
    cache,
    redis,
    close: async () => {
      await cache.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
