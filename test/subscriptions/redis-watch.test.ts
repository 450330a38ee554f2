import { type Redis } from 'ioredis';
import { type Target } from '../../src/aws/target';
import { RedisWatchRegistry } from '../../src/subscriptions/redis-watch';
import { connectTestRedis, type TestRedis } from '../support/redis';

const TARGET: Target = { accountId: '111111111111', region: 'eu-west-1' };
const OTHER_TARGET: Target = { accountId: '111111111111', region: 'us-east-1' };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the Redis watch registry', () => {
  let t: TestRedis;
  let replicaB: Redis;
  let a: RedisWatchRegistry;
  let b: RedisWatchRegistry;

  beforeAll(async () => {
    t = await connectTestRedis();
    replicaB = t.redis.duplicate();
    await replicaB.connect();
  });

  beforeEach(() => {
    // A prefix per test, so one test's leftovers never show in another's answer.
    const prefix = `${t.prefix}${expect.getState().currentTestName?.replace(/\W+/g, '-')}:`;
    a = new RedisWatchRegistry(t.redis, prefix, { replicaId: 'a' });
    b = new RedisWatchRegistry(replicaB, prefix, { replicaId: 'b' });
  });

  afterEach(async () => {
    await a.close();
    await b.close();
  });

  afterAll(async () => {
    replicaB.disconnect();
    await t.cleanup();
  });

  it('answers the union of what every replica watches, and whether anyone watches all', async () => {
    a.watch(TARGET, 'orders');
    b.watch(TARGET, 'billing');
    b.watch(TARGET, 'orders');
    b.watch(OTHER_TARGET, 'shipping');
    await b.flush();
    await expect(a.watched(TARGET)).resolves.toEqual({ all: false, names: ['billing', 'orders'] });
    b.watch(TARGET, '*');
    await b.flush();
    await expect(a.watched(TARGET)).resolves.toEqual({ all: true, names: ['billing', 'orders'] });
    await expect(a.watched(OTHER_TARGET)).resolves.toEqual({ all: false, names: ['shipping'] });
    await expect(a.watched({ accountId: '999999999999', region: 'eu-west-1' })).resolves.toEqual({
      all: false,
      names: [],
    });
  });

  it('counts local watchers, removing the member at once when the last one releases', async () => {
    const first = b.watch(TARGET, 'orders');
    const second = b.watch(TARGET, 'orders');
    await b.flush();
    first();
    first();
    await b.flush();
    await expect(a.watched(TARGET)).resolves.toEqual({ all: false, names: ['orders'] });
    second();
    await b.flush();
    await expect(a.watched(TARGET)).resolves.toEqual({ all: false, names: [] });
    // Released and watched again in quick succession: the writes land in order.
    b.watch(TARGET, 'orders')();
    b.watch(TARGET, 'orders');
    await b.flush();
    await expect(a.watched(TARGET)).resolves.toEqual({ all: false, names: ['orders'] });
  });

  it("keeps a replica's watches alive by heartbeat and lets them lapse when it dies", async () => {
    const crashing = t.redis.duplicate();
    await crashing.connect();
    const errors: string[] = [];
    const prefix = `${t.prefix}lapse:`;
    const observer = new RedisWatchRegistry(t.redis, prefix, { replicaId: 'observer' });
    const dying = new RedisWatchRegistry(crashing, prefix, {
      replicaId: 'dying',
      heartbeatMs: 50,
      ttlMs: 300,
      onError: (context) => errors.push(context),
    });
    try {
      dying.watch(TARGET, 'orders');
      await dying.flush();
      await sleep(700);
      await expect(observer.watched(TARGET)).resolves.toEqual({ all: false, names: ['orders'] });
      crashing.disconnect();
      await sleep(450);
      await expect(observer.watched(TARGET)).resolves.toEqual({ all: false, names: [] });
      expect(errors).toContain('watch heartbeat');
      expect(await t.redis.zcard(`${prefix}watch:${TARGET.accountId}:${TARGET.region}`)).toBe(0);
    } finally {
      await dying.close();
      await observer.close();
    }
  });

  it("lets a replica's members lapse after the TTL when it never beats", async () => {
    const prefix = `${t.prefix}silent:`;
    const observer = new RedisWatchRegistry(t.redis, prefix, { replicaId: 'observer' });
    const silent = new RedisWatchRegistry(replicaB, prefix, { heartbeatMs: 60_000, ttlMs: 200 });
    try {
      silent.watch(TARGET, 'orders');
      await silent.flush();
      await expect(observer.watched(TARGET)).resolves.toEqual({ all: false, names: ['orders'] });
      await sleep(300);
      await expect(observer.watched(TARGET)).resolves.toEqual({ all: false, names: [] });
      // The set itself expires with its last member.
      expect(await t.redis.exists(`${prefix}watch:${TARGET.accountId}:${TARGET.region}`)).toBe(0);
    } finally {
      await silent.close();
      await observer.close();
    }
  });

  it("removes a replica's members when it closes", async () => {
    b.watch(TARGET, 'orders');
    b.watch(TARGET, '*');
    a.watch(TARGET, 'billing');
    await b.flush();
    await b.close();
    await expect(a.watched(TARGET)).resolves.toEqual({ all: false, names: ['billing'] });
  });
});
