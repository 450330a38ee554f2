import { Redis } from 'ioredis';
import { type Cache } from '../cache/cache';
import { MemoryCache } from '../cache/memory-cache';
import { RedisCache } from '../cache/redis-cache';
import { type GatewayConfig } from './config';

/** The cache chosen at start-up, with the Redis connection behind it when there is one. */
export interface CacheSetup {
  cache: Cache;
  redis?: Redis;
  close(): Promise<void>;
}

/**
 * Redis when `REDIS_URL` is set, else memory. The Redis client fails commands
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
  const cache = new RedisCache(redis, config.redisKeyPrefix, config.staleRetentionMs);
  return {
    cache,
    redis,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
