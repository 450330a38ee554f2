import { type Cache } from '../../src/cache/cache';
import { MemoryCache } from '../../src/cache/memory-cache';
import { RedisCache } from '../../src/cache/redis-cache';
import { connectTestRedis, type TestRedis } from '../support/redis';

const STALE_MS = 60_000;

/** The behaviour both caches promise, run against each (as Apollo runs one suite against every integration). */
function defineCacheSuite(
  name: string,
  make: () => Promise<{ cache: Cache; dispose: () => Promise<void> }>,
): void {
  describe(name, () => {
    let cache: Cache;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ cache, dispose } = await make());
    });

    afterAll(async () => {
      await dispose();
    });

    it('reads back many values at once, with misses as undefined', async () => {
      await cache.setMany([
        { key: 'a', value: '"A"', freshForMs: 10_000 },
        { key: 'b', value: '{"n":2}', freshForMs: 10_000 },
      ]);
      const [a, missing, b] = await cache.getMany(['a', 'nope', 'b']);
      expect(a?.value).toBe('"A"');
      expect(missing).toBeUndefined();
      expect(b?.value).toBe('{"n":2}');
      expect(b!.freshUntilMs - b!.storedAtMs).toBe(10_000);
    });

    it('keeps a value past its fresh time, marked stale, for stale-on-error', async () => {
      await cache.setMany([{ key: 'brief', value: '1', freshForMs: 1 }]);
      await new Promise((r) => setTimeout(r, 20));
      const [entry] = await cache.getMany(['brief']);
      expect(entry?.value).toBe('1');
      expect(entry!.freshUntilMs).toBeLessThan(Date.now());
    });

    it('drops every key written under a tag when the tag is invalidated', async () => {
      await cache.setMany([
        { key: 'exec:p1:page1', value: '1', freshForMs: 10_000, tags: ['p1'] },
        { key: 'exec:p1:page2', value: '2', freshForMs: 10_000, tags: ['p1'] },
        { key: 'exec:p2:page1', value: '3', freshForMs: 10_000, tags: ['p2'] },
        { key: 'plain', value: '4', freshForMs: 10_000 },
      ]);
      await cache.invalidate(['plain'], ['p1']);
      const got = await cache.getMany(['exec:p1:page1', 'exec:p1:page2', 'exec:p2:page1', 'plain']);
      expect(got.map((g) => g?.value)).toEqual([undefined, undefined, '3', undefined]);
    });

    it('treats an empty read or write as a no-op', async () => {
      await expect(cache.getMany([])).resolves.toEqual([]);
      await expect(cache.setMany([])).resolves.toBeUndefined();
      await expect(cache.invalidate([], [])).resolves.toBeUndefined();
    });
  });
}

defineCacheSuite('the memory cache', async () => {
  const cache = new MemoryCache(1000, STALE_MS);
  return { cache, dispose: () => cache.close() };
});

defineCacheSuite('the Redis cache', async () => {
  const t: TestRedis = await connectTestRedis();
  return { cache: new RedisCache(t.redis, t.prefix, STALE_MS), dispose: t.cleanup };
});

describe('the memory cache under pressure', () => {
  it('moves an entry peeked a second after its last use to the most recent end', () => {
    let now = 1000;
    const cache = new MemoryCache(2, STALE_MS, () => now);
    void cache.setMany([
      { key: 'x', value: '1', freshForMs: 5000 },
      { key: 'y', value: '2', freshForMs: 5000 },
    ]);
    now += 1000;
    expect(cache.peek('x')?.value).toBe('1');
    void cache.setMany([{ key: 'z', value: '3', freshForMs: 5000 }]);
    expect([cache.peek('x')?.value, cache.peek('y'), cache.peek('z')?.value]).toEqual(['1', undefined, '3']);
  });

  it('peeks only fresh entries: a stale one is left to getMany', async () => {
    let now = 1000;
    const cache = new MemoryCache(10, 500, () => now);
    await cache.setMany([{ key: 'k', value: '1', freshForMs: 100 }]);
    expect(cache.peek('k')?.value).toBe('1');
    now += 100;
    expect(cache.peek('k')).toBeUndefined();
    expect((await cache.getMany(['k']))[0]?.value).toBe('1');
  });

  it('evicts the least recently used entry beyond its size (recency kept to the second)', async () => {
    let now = 1000;
    const cache = new MemoryCache(2, STALE_MS, () => now);
    await cache.setMany([
      { key: 'x', value: '1', freshForMs: 5000 },
      { key: 'y', value: '2', freshForMs: 5000 },
    ]);
    now += 1000;
    await cache.getMany(['x']);
    await cache.setMany([{ key: 'z', value: '3', freshForMs: 5000 }]);
    expect((await cache.getMany(['x', 'y', 'z'])).map((e) => e?.value)).toEqual(['1', undefined, '3']);
    expect(cache.size).toBe(2);
  });

  it('forgets a value once its stale retention has passed', async () => {
    let now = 1000;
    const cache = new MemoryCache(10, 500, () => now);
    await cache.setMany([{ key: 'k', value: '1', freshForMs: 100 }]);
    now += 599;
    expect((await cache.getMany(['k']))[0]?.value).toBe('1');
    now += 2;
    expect((await cache.getMany(['k']))[0]).toBeUndefined();
  });
});

describe('the Redis cache on the wire', () => {
  it('expires keys in Redis after fresh time plus stale retention, and namespaces them by prefix', async () => {
    const t = await connectTestRedis();
    try {
      const cache = new RedisCache(t.redis, t.prefix, 5_000);
      await cache.setMany([{ key: 'k', value: '1', freshForMs: 1_000, tags: ['tag'] }]);
      const ttl = await t.redis.pttl(`${t.prefix}k`);
      expect(ttl).toBeGreaterThan(5_000);
      expect(ttl).toBeLessThanOrEqual(6_000);
      expect(await t.redis.pttl(`${t.prefix}tag:tag`)).toBeGreaterThan(5_000);
    } finally {
      await t.cleanup();
    }
  });
});
