import { RedisCache } from '../../src/cache/redis-cache';
import { TieredCache } from '../../src/cache/tiered-cache';
import { connectTestRedis, type TestRedis } from '../support/redis';

let t: TestRedis;
let replicaA: TieredCache;
let replicaB: TieredCache;

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
}

beforeAll(async () => {
  t = await connectTestRedis();
  const far = new RedisCache(t.redis, t.prefix, 60_000);
  replicaA = await TieredCache.create(far, t.redis, `${t.prefix}invalidations`, 100);
  replicaB = await TieredCache.create(far, t.redis, `${t.prefix}invalidations`, 100);
});

afterAll(async () => {
  await replicaA.close();
  await replicaB.close();
  await t.cleanup();
});

describe('the near cache in front of Redis', () => {
  it('serves a value written by one replica to another, with the same write time', async () => {
    await replicaA.setMany([{ key: 'k1', value: '"v1"', freshForMs: 10_000 }]);
    const [fromB] = await replicaB.getMany(['k1']);
    const [fromA] = await replicaA.getMany(['k1']);
    expect(fromB?.value).toBe('"v1"');
    expect(fromB?.storedAtMs).toBe(fromA?.storedAtMs);
  });

  it('keeps serving from process memory once warm, even if Redis lost the key', async () => {
    await replicaA.setMany([{ key: 'k2', value: '2', freshForMs: 10_000 }]);
    await replicaB.getMany(['k2']);
    await t.redis.del(`${t.prefix}k2`);
    expect((await replicaB.getMany(['k2']))[0]?.value).toBe('2');
  });

  it('drops near copies on every replica when a tag is invalidated anywhere', async () => {
    await replicaA.setMany([{ key: 'exec:p', value: '"old"', freshForMs: 10_000, tags: ['runtime:p'] }]);
    expect((await replicaB.getMany(['exec:p']))[0]?.value).toBe('"old"');
    await replicaA.invalidate([], ['runtime:p']);
    await until(async () => (await replicaB.getMany(['exec:p']))[0] === undefined);
    expect((await replicaA.getMany(['exec:p']))[0]).toBeUndefined();
  });

  it('never serves a near copy past its freshness: stale values come from Redis', async () => {
    await replicaA.setMany([{ key: 'brief', value: '1', freshForMs: 5 }]);
    await new Promise((r) => setTimeout(r, 20));
    const [entry] = await replicaB.getMany(['brief']);
    expect(entry?.value).toBe('1');
    expect(entry!.freshUntilMs).toBeLessThan(Date.now());
  });
});
