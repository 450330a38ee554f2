import { ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { Redis } from 'ioredis';
import { BudgetExhausted } from '../../src/upstream/budget-errors';
import { CallBudget } from '../../src/upstream/call-budget';
import { type CallPriority } from '../../src/upstream/priority';
import { RedisTokenBucket } from '../../src/upstream/redis-token-bucket';
import { LocalTokenBucket } from '../../src/upstream/token-bucket';
import { Upstream } from '../../src/upstream/upstream';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { connectTestRedis, REDIS_URL, type TestRedis } from '../support/redis';

const target = (url: string) => ({ accountId: '123456789012', region: 'us-east-1', endpoint: url });
const KEYS = () => Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' });

describe('the call budget of one target', () => {
  it('serves writes before reads and reads before polls when tokens are scarce', async () => {
    const shape = { ratePerSecond: 20, capacity: 3 };
    const budget = new CallBudget({ target: 't', bucket: new LocalTokenBucket(shape), shape });
    // Spend the burst, then queue a poll, a read and a write at once.
    await Promise.all([1, 2, 3].map(() => budget.acquire({ priority: 'write' })));
    const order: CallPriority[] = [];
    const queued = (['poller', 'interactive', 'write'] as const).map((priority) =>
      budget.acquire({ priority }).then(() => order.push(priority)),
    );
    await Promise.all(queued);
    expect(order).toEqual(['write', 'interactive', 'poller']);
  });

  it('lets a write out within one refill interval while reads keep the bucket drained', async () => {
    const shape = { ratePerSecond: 10, capacity: 3 };
    const budget = new CallBudget({ target: 't', bucket: new LocalTokenBucket(shape), shape });
    const reads = Array.from({ length: 15 }, () => budget.acquire({ priority: 'interactive' }));
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await budget.acquire({ priority: 'write' });
    expect(Date.now() - started).toBeLessThan(250);
    await Promise.all(reads);
  });

  it('serves a read with nothing to fall back on before reads that could serve a stale value', async () => {
    const shape = { ratePerSecond: 20, capacity: 3 };
    const budget = new CallBudget({ target: 't', bucket: new LocalTokenBucket(shape), shape });
    await Promise.all([1, 2, 3].map(() => budget.acquire({ priority: 'write' })));
    const order: string[] = [];
    // Three refreshes of stale values queue first; the read that has nothing cached comes last.
    const refreshes = [1, 2, 3].map((i) =>
      budget.acquire({ priority: 'interactive', hasFallback: true }).then(() => order.push(`stale ${i}`)),
    );
    const miss = budget.acquire({ priority: 'interactive' }).then(() => order.push('miss'));
    await Promise.all([...refreshes, miss]);
    expect(order).toEqual(['miss', 'stale 1', 'stale 2', 'stale 3']);
  });

  it('gives up with BudgetExhausted when a read may not wait that long', async () => {
    const shape = { ratePerSecond: 1, capacity: 3 };
    const budget = new CallBudget({ target: 't', bucket: new LocalTokenBucket(shape), shape });
    await budget.acquire({ priority: 'write' });
    await budget.acquire({ priority: 'write' });
    await expect(budget.acquire({ priority: 'interactive', maxWaitMs: 50 })).rejects.toBeInstanceOf(
      BudgetExhausted,
    );
  });
});

describe('a budget shared through Redis', () => {
  let emu: TestEmulator;
  let redis: TestRedis;
  beforeAll(async () => {
    emu = await startTestEmulator();
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await redis.cleanup();
    await emu.close();
  });

  it('holds two processes together to the one rate: the emulator sees at most the rate, plus the burst', async () => {
    const replicas = [0, 1].map(() => {
      const upstream = new Upstream({
        maxAttempts: 1,
        requestTimeoutMs: 5_000,
        maxSockets: 8,
        callsPerSecond: 8,
        redis: redis.redis,
        redisKeyPrefix: redis.prefix,
      });
      upstream.register({ target: target(emu.url), credentials: KEYS });
      return upstream;
    });
    await emu.admin('/_emulator/stats/reset', {});
    const started = Date.now();
    const calls = replicas.flatMap((upstream) =>
      Array.from({ length: 12 }, () =>
        upstream.call(target(emu.url), new ListPipelinesCommand({}), { priority: 'interactive' }),
      ),
    );
    await Promise.all(calls);
    const seconds = (Date.now() - started) / 1000;
    // 24 calls at 8/s after a burst of 8: at least two seconds, however the two processes interleave.
    expect(seconds).toBeGreaterThan(1.8);
    expect((await emu.stats()).ListPipelines).toBe(24);
    replicas.forEach((upstream) => upstream.close());
  });

  it('falls back to a bucket of its own while Redis is not connected', async () => {
    const lost = new Redis(REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    const shape = { ratePerSecond: 5, capacity: 5 };
    const bucket = new RedisTokenBucket({ redis: lost, key: `${redis.prefix}lost`, shape });
    const granted = await Promise.all([1, 2, 3, 4, 5, 6].map(() => bucket.take(0)));
    expect(granted.filter((r) => r.granted)).toHaveLength(5);
    lost.disconnect();
  });
});
