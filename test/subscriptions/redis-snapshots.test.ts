import { type Target } from '../../src/aws/target';
import { RedisSnapshotStore } from '../../src/subscriptions/redis-snapshots';
import { connectTestRedis, type TestRedis } from '../support/redis';

const TARGET: Target = { accountId: '111111111111', region: 'eu-west-1' };
const OTHER_TARGET: Target = { accountId: '222222222222', region: 'eu-west-1' };

describe('the Redis snapshot store', () => {
  let t: TestRedis;

  beforeAll(async () => {
    t = await connectTestRedis();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('reads back what was written, per target and pipeline, and nothing for a pipeline never written', async () => {
    const store = new RedisSnapshotStore(t.redis, t.prefix);
    await store.set(TARGET, 'orders', '{"v":1}');
    await store.set(OTHER_TARGET, 'orders', '{"v":2}');
    await expect(store.get(TARGET, 'orders')).resolves.toBe('{"v":1}');
    await expect(store.get(OTHER_TARGET, 'orders')).resolves.toBe('{"v":2}');
    await expect(store.get(TARGET, 'never')).resolves.toBeUndefined();
    await store.set(TARGET, 'orders', '{"v":3}');
    await expect(new RedisSnapshotStore(t.redis, t.prefix).get(TARGET, 'orders')).resolves.toBe('{"v":3}');
  });

  it('keeps a snapshot for its TTL (a day by default)', async () => {
    await new RedisSnapshotStore(t.redis, t.prefix).set(TARGET, 'ttl-default', 's');
    const pttl = await t.redis.pttl(`${t.prefix}snapshot:${TARGET.accountId}:${TARGET.region}:ttl-default`);
    expect(pttl).toBeGreaterThan(24 * 3600_000 - 5000);
    expect(pttl).toBeLessThanOrEqual(24 * 3600_000);

    const brief = new RedisSnapshotStore(t.redis, t.prefix, { ttlMs: 50 });
    await brief.set(TARGET, 'brief', 's');
    await new Promise((r) => setTimeout(r, 120));
    await expect(brief.get(TARGET, 'brief')).resolves.toBeUndefined();
  });
});
