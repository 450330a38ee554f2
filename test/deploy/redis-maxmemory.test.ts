import { Redis } from 'ioredis';
import { type Target } from '../../src/aws/target';
import { RedisRateLimiter } from '../../src/server/limits/rate-limit';
import { type NewPipelineEvent } from '../../src/subscriptions/contracts';
import { RedisLease } from '../../src/subscriptions/lease';
import { RedisEventBus } from '../../src/subscriptions/redis-bus';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { type RedisServerProcess, startRedisServer } from '../support/redis-server';

/**
 * k8s/redis.yaml runs Redis with `maxmemory-policy noeviction`. This is what
 * happens when the gateway's cache fills it, on a `redis-server` of the
 * test's own configured that way: ordinary writes are refused, so cache
 * writes fail and the gateway answers from CodePipeline instead; the poller
 * lease, the event logs and the rate-limit buckets keep working, and nothing
 * they wrote is evicted (which `allkeys-lru` would do).
 */

jest.setTimeout(60_000);

const TARGET: Target = { accountId: '123456789012', region: 'us-east-1' };
const LEASED: Target = { accountId: '999999999999', region: 'us-east-1' };
const PREFIX = 'full:';
const PIPELINES = '{ pipelines(first: 5) { edges { node { name } } } }';

function event(state: string): NewPipelineEvent {
  return {
    kind: 'PIPELINE_EXECUTION_STATE_CHANGE',
    accountId: TARGET.accountId,
    region: TARGET.region,
    pipelineName: 'orders',
    state,
    detectedAt: new Date(0).toISOString(),
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
}

describe('Redis at maxmemory with noeviction', () => {
  let server: RedisServerProcess;
  let redis: Redis;
  let emulator: TestEmulator;
  let gateway: TestGateway;
  let bus: RedisEventBus;
  const errors: string[] = [];
  const onError = (context: string, err: Error): void => void errors.push(`${context}: ${err.message}`);

  /** Fills Redis past its maxmemory, as a cache that outgrew it would. */
  async function fill(): Promise<void> {
    // Small values, so no large query buffer inflates the figure that maxmemory is set from.
    for (let i = 0; i < 64; i += 1) await redis.set(`ballast:${i}`, 'x'.repeat(16 * 1024));
    await redis.config('SET', 'maxmemory', String((await usedMemory(redis)) - 256 * 1024));
    await expect(redis.set('one-more', 'x')).rejects.toThrow(/OOM command not allowed/);
  }

  beforeAll(async () => {
    [server, emulator] = await Promise.all([startRedisServer(), startTestEmulator({ seed: 'demo' })]);
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    gateway = await startTestGateway(emulator.url, {
      env: {
        REDIS_URL: server.url,
        REDIS_KEY_PREFIX: PREFIX,
        // Every read goes to Redis and every answer is computed: what the cache does is what is seen.
        NEAR_CACHE_ENTRIES: '0',
        RESPONSE_CACHE_ENTRIES: '0',
      },
    });
    bus = new RedisEventBus(redis, PREFIX, { onError });
    await bus.ready();
  });

  afterAll(async () => {
    await bus?.close();
    await gateway?.close();
    redis?.disconnect();
    await emulator?.close();
    await server?.stop();
  });

  it('keeps serving queries from CodePipeline when the cache write is refused, and caches again once there is room', async () => {
    const lease = new RedisLease(redis, PREFIX, 'other-target', { onError });
    await lease.tryAcquire();
    await fill();
    const cacheKeys = async (): Promise<string[]> =>
      (await redis.keys(`${PREFIX}*`)).filter((k) => !/poller-lease|events|watch|ratelimit/.test(k));
    const before = await cacheKeys();
    for (let i = 0; i < 2; i += 1) {
      const answer = await gateway.query<{ pipelines: { edges: unknown[] } }>(PIPELINES);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.pipelines.edges).toHaveLength(5);
      // Nothing was cached, so the second answer came from CodePipeline too.
      expect((answer.extensions?.upstream as { calls: number }).calls).toBeGreaterThan(0);
    }
    expect(await cacheKeys()).toEqual(before);
    // Room again (the cache's TTLs free it in production): the next answer is cached, the one after is warm.
    await redis.config('SET', 'maxmemory', '0');
    await gateway.query(PIPELINES);
    const warm = await gateway.query(PIPELINES);
    expect((warm.extensions?.upstream as { calls: number }).calls).toBe(0);
    await lease.release();
  });

  it('lets the poller lease be renewed, released and taken by another replica while Redis is full', async () => {
    await redis.config('SET', 'maxmemory', '0');
    // A target of its own: the gateway's poller holds the lease of TARGET.
    const first = new RedisLease(redis, PREFIX, LEASED, { holderId: 'replica-1', ttlMs: 5_000, onError });
    const second = new RedisLease(redis, PREFIX, LEASED, { holderId: 'replica-2', ttlMs: 5_000, onError });
    expect(await first.tryAcquire()).toBe(true);
    await fill();
    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    await first.release();
    expect(await second.tryAcquire()).toBe(true);
    expect(await second.currentHolder()).toBe('replica-2');
    await second.release();
  });

  it('records and replays events while Redis is full, the earlier ones still there', async () => {
    await redis.config('SET', 'maxmemory', '0');
    const [earlier] = await bus.publish(TARGET, 'orders', [event('InProgress')]);
    await fill();
    const later = await bus.publish(TARGET, 'orders', [event('Succeeded'), event('Failed')]);
    expect(later.map((e) => e.state)).toEqual(['Succeeded', 'Failed']);
    const replayed = await bus.replay(TARGET, 'orders', earlier?.cursor ?? '');
    expect(replayed.map((e) => e.cursor)).toEqual(later.map((e) => e.cursor));
  });

  it('keeps counting rate-limit tokens while Redis is full, refusing past the burst', async () => {
    await redis.config('SET', 'maxmemory', '0');
    const limiter = new RedisRateLimiter(redis, PREFIX, { perSecond: 0.01, burst: 3 });
    expect((await limiter.take('jwt:u-busy')).remaining).toBe(2);
    await fill();
    const decisions = [
      await limiter.take('jwt:u-busy'),
      await limiter.take('jwt:u-busy'),
      await limiter.take('jwt:u-busy'),
    ];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(decisions[2]?.retryAfterMs).toBeGreaterThan(0);
    // A principal new to the limiter gets a bucket too.
    expect(await limiter.take('jwt:u-new')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('reported no lease or event-bus failure throughout', () => {
    expect(errors).toEqual([]);
  });
});
