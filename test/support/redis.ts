import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis tests use; CI makes sure it answers, and a test never skips silently when it does not. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A connection and a key prefix of this run's own, so parallel runs never meet. */
export interface TestRedis {
  redis: Redis;
  prefix: string;
  /** Deletes every key under the prefix: whatever a gateway cached becomes cold. */
  flush(): Promise<void>;
  /** Deletes every key under the prefix and closes the connection. */
  cleanup(): Promise<void>;
}

/** Connects to the test Redis, failing loudly (not skipping) when it is not there. */
export async function connectTestRedis(): Promise<TestRedis> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `Redis is required for this test and does not answer at ${REDIS_URL}: ${(err as Error).message}`,
    );
  }
  const prefix = `test:${randomUUID()}:`;
  const flush = async (): Promise<void> => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  };
  return {
    redis,
    prefix,
    flush,
    cleanup: async () => {
      await flush();
      redis.disconnect();
    },
  };
}
