import { type Redis } from 'ioredis';
import { type Target } from '../../src/aws/target';
import { RedisLease } from '../../src/subscriptions/lease';
import { connectTestRedis, type TestRedis } from '../support/redis';

const TARGET: Target = { accountId: '111111111111', region: 'eu-west-1' };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the Redis lease', () => {
  let t: TestRedis;
  let replicaB: Redis;
  let scope = 0;

  /** Two replicas contending for a lease of their own (a fresh name per test). */
  function pair(ttlMs = 10_000): { a: RedisLease; b: RedisLease; key: string } {
    const name = `lease-${++scope}`;
    return {
      a: new RedisLease(t.redis, t.prefix, name, { holderId: 'a', ttlMs }),
      b: new RedisLease(replicaB, t.prefix, name, { holderId: 'b', ttlMs }),
      key: `${t.prefix}poller-lease:${name}`,
    };
  }

  beforeAll(async () => {
    t = await connectTestRedis();
    replicaB = t.redis.duplicate();
    await replicaB.connect();
  });

  afterAll(async () => {
    replicaB.disconnect();
    await t.cleanup();
  });

  it('is taken by exactly one of two contenders', async () => {
    const { a, b } = pair();
    const [gotA, gotB] = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    expect([gotA, gotB].filter(Boolean)).toHaveLength(1);
    expect([a.held, b.held]).toEqual([gotA, gotB]);
    await expect(a.currentHolder()).resolves.toBe(gotA ? 'a' : 'b');
  });

  it('is keyed by target by default', async () => {
    const lease = new RedisLease(t.redis, t.prefix, TARGET);
    expect(await lease.tryAcquire()).toBe(true);
    expect(await t.redis.get(`${t.prefix}poller-lease:${TARGET.accountId}:${TARGET.region}`)).toBe(
      lease.holderId,
    );
    await lease.release();
  });

  it('stays with its holder while renewed, past its TTL', async () => {
    const { a, b, key } = pair(300);
    expect(await a.tryAcquire()).toBe(true);
    for (let i = 0; i < 7; i++) {
      await sleep(100);
      expect(await a.tryAcquire()).toBe(true);
      expect(await b.tryAcquire()).toBe(false);
    }
    expect(a.held).toBe(true);
    expect(b.held).toBe(false);
    expect(await t.redis.pttl(key)).toBeGreaterThan(150);
  });

  it('is free for another once released', async () => {
    const { a, b } = pair();
    expect(await a.tryAcquire()).toBe(true);
    await a.release();
    expect(a.held).toBe(false);
    await expect(a.currentHolder()).resolves.toBeNull();
    expect(await b.tryAcquire()).toBe(true);
    await expect(a.currentHolder()).resolves.toBe('b');
  });

  it("neither renews nor releases someone else's lease", async () => {
    const { a, key } = pair();
    expect(await a.tryAcquire()).toBe(true);
    // a paused past its TTL and an intruder took over.
    await t.redis.set(key, 'intruder', 'PX', 10_000);
    expect(await a.tryAcquire()).toBe(false);
    expect(a.held).toBe(false);
    await a.release();
    await expect(a.currentHolder()).resolves.toBe('intruder');
    expect(await t.redis.pttl(key)).toBeGreaterThan(9000);
  });

  it('passes to another replica within the TTL once the holder stops renewing', async () => {
    const { a, b } = pair(300);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await sleep(400);
    // The silent holder stops believing it holds the lease on its own, no later than Redis forgets it.
    expect(a.held).toBe(false);
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.tryAcquire()).toBe(false);
    await expect(a.currentHolder()).resolves.toBe('b');
  });

  it('finds it still holds a lease it lost track of', async () => {
    const { a, key } = pair();
    await t.redis.set(key, 'a', 'PX', 1000);
    expect(a.held).toBe(false);
    expect(await a.tryAcquire()).toBe(true);
    expect(await t.redis.pttl(key)).toBeGreaterThan(9000);
  });

  it('counts a Redis failure as not held, without throwing', async () => {
    const broken = t.redis.duplicate();
    await broken.connect();
    const errors: string[] = [];
    const lease = new RedisLease(broken, t.prefix, `lease-${++scope}`, { onError: (c) => errors.push(c) });
    expect(await lease.tryAcquire()).toBe(true);
    broken.disconnect();
    expect(await lease.tryAcquire()).toBe(false);
    expect(lease.held).toBe(false);
    await expect(lease.release()).resolves.toBeUndefined();
    expect(errors).toEqual(['lease acquire', 'lease release']);
  });
});
