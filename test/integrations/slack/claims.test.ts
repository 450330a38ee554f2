import {
  MemorySlackClaims,
  RedisSlackClaims,
  type SlackClaims,
} from '../../../src/integrations/slack/claims';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let redis: TestRedis;

beforeAll(async () => {
  redis = await connectTestRedis();
});

afterAll(async () => {
  await redis.cleanup();
});

const kinds: [string, () => SlackClaims][] = [
  ['in Redis', () => new RedisSlackClaims(redis.redis, `${redis.prefix}slack:`)],
  ['in memory', () => new MemorySlackClaims()],
];

describe.each(kinds)('Slack claims %s', (_, make) => {
  it('lets the first claim of a key win, and every later one lose', async () => {
    const claims = make();
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => claims.claim('event:a', `replica-${i}`, 10_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claims.get('event:a')).toBe(`replica-${results.indexOf(true) + 1}`);
  });

  it('lets a released or expired claim be taken again', async () => {
    const claims = make();
    expect(await claims.claim('event:b', 'x', 10_000)).toBe(true);
    await claims.release('event:b');
    expect(await claims.claim('event:b', 'y', 50)).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(await claims.get('event:b')).toBeUndefined();
    expect(await claims.claim('event:b', 'z', 10_000)).toBe(true);
  });

  it('appends to a list and reads it back in order', async () => {
    const claims = make();
    expect(await claims.append('list:c', 'one', 10_000)).toEqual(['one']);
    expect(await claims.append('list:c', 'two', 10_000)).toEqual(['one', 'two']);
    expect(await claims.list('list:c')).toEqual(['one', 'two']);
    expect(await claims.list('list:none')).toEqual([]);
  });
});
