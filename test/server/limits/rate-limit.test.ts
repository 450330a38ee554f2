import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { parseConfig } from '../../../src/server/config';
import {
  createRateLimiter,
  MemoryRateLimiter,
  RedisRateLimiter,
} from '../../../src/server/limits/rate-limit';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

const QUERY = '{ gateway { version } }';
const KEY_A = 'alice-key-0123456789abcdef0123456789';
const KEY_B = 'bob-key-0123456789abcdef0123456789abc';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(gateway: TestGateway, key?: string): Promise<Answer> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify({ query: QUERY }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Answer['body'],
  };
}

/** Three requests at once, then one per second. */
const LIMIT = { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' };

describe('the rate limit per principal', () => {
  let emu: TestEmulator;
  let testRedis: TestRedis;
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    emu = await startTestEmulator();
    testRedis = await connectTestRedis();
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await emu.close();
    await testRedis.cleanup();
  });

  async function gateway(options: Parameters<typeof startTestGateway>[1]): Promise<TestGateway> {
    const started = await startTestGateway(emu.url, options);
    gateways.push(started);
    return started;
  }

  it('answers a burst over the limit with 429, Retry-After and RATE_LIMITED with the time to retry', async () => {
    const gw = await gateway({ env: LIMIT });
    // Six at once against a burst of three (a slow machine may see one token come back meanwhile).
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(gw)));
    const admitted = answers.filter((a) => a.status === 200);
    expect(admitted.length).toBeGreaterThanOrEqual(3);
    expect(admitted.length).toBeLessThanOrEqual(4);
    const refused = answers.find((a) => a.status !== 200);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused?.body.data).toBeUndefined();
    expect(refused?.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retryAfterMs = refused?.body.errors?.[0]?.extensions?.retryAfterMs as number;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1_000);
  });

  it('shares one bucket between replicas on the same Redis: the second one refuses too', async () => {
    const shared = { redis: true, redisKeyPrefix: testRedis.prefix, env: LIMIT };
    const first = await gateway(shared);
    const second = await gateway(shared);
    expect(first.cacheKind).toBe('redis');
    for (let i = 0; i < 3; i += 1) expect((await post(first)).status).toBe(200);
    const refused = await post(second);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // SCAN to its end: one round of COUNT 1000 can miss the key in a Redis that other tests fill.
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [nextCursor, found] = await testRedis.redis.scan(
        cursor,
        'MATCH',
        `${testRedis.prefix}ratelimit:*`,
        'COUNT',
        1000,
      );
      keys.push(...found);
      cursor = nextCursor;
    } while (cursor !== '0');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/ratelimit:ip:.*127\.0\.0\.1$/);
  });

  it('gives each authenticated principal a bucket of its own, from the same address', async () => {
    const gw = await gateway({
      env: { ...LIMIT, AUTH_MODE: 'api-key', API_KEYS: `${KEY_A} viewer * alice;${KEY_B} viewer * bob` },
    });
    for (let i = 0; i < 3; i += 1) expect((await post(gw, KEY_A)).status).toBe(200);
    expect((await post(gw, KEY_A)).status).toBe(429);
    expect((await post(gw, KEY_B)).status).toBe(200);
  });

  it('limits subscribes on graphql-ws as well', async () => {
    const gw = await gateway({ env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' } });
    expect((await post(gw)).status).toBe(200);
    const client = createClient({
      url: gw.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const errors = await new Promise<unknown>((resolve, reject) => {
        client.subscribe(
          { query: 'subscription { pipelineEvents { kind } }' },
          {
            next: () => reject(new Error('pushed')),
            error: resolve,
            complete: () => reject(new Error('done')),
          },
        );
      });
      expect(errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('gives tokens back over time, in Redis', async () => {
    // A token every 500 ms: slow enough that no token comes back between two takes on a loaded machine.
    const limiter = new RedisRateLimiter(testRedis.redis, testRedis.prefix, { perSecond: 2, burst: 1 });
    expect(await limiter.take('refill')).toMatchObject({ allowed: true, remaining: 0 });
    const refused = await limiter.take('refill');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(500);
    await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs + 20));
    expect((await limiter.take('refill')).allowed).toBe(true);
    // Idle buckets expire once they would be full again.
    expect(await testRedis.redis.pttl(limiter.key('refill'))).toBeGreaterThan(0);
  });

  it('gives tokens back over time, in memory, never beyond the burst', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ perSecond: 2, burst: 2 }, () => now);
    expect((await limiter.take('p')).allowed).toBe(true);
    expect((await limiter.take('p')).allowed).toBe(true);
    expect(await limiter.take('p')).toEqual({ allowed: false, remaining: 0, retryAfterMs: 500 });
    now += 500;
    expect(await limiter.take('p')).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    now += 60_000;
    expect(await limiter.take('p')).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    expect((await limiter.take('someone-else')).allowed).toBe(true);
  });

  it('admits everyone and reports the fault when Redis is down: an outage of Redis is not one of the gateway', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const faults: unknown[] = [];
    const limiter = createRateLimiter({ perSecond: 1, burst: 1 }, dead, 'x:', (err) => faults.push(err));
    try {
      for (let i = 0; i < 3; i += 1) expect((await limiter?.take('p'))?.allowed).toBe(true);
      expect(faults).toHaveLength(3);
    } finally {
      dead.disconnect();
    }
  });

  it('is off unless asked for outside production, and on by default in production', async () => {
    const gw = await gateway({});
    const answers = await Promise.all(Array.from({ length: 30 }, () => post(gw)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(
      parseConfig({ NODE_ENV: 'production', CODEPIPELINE_MODE: 'aws', AUTH_MODE: 'none' }).limits.rateLimit,
    ).toEqual({
      perSecond: 50,
      burst: 100,
    });
    expect(parseConfig({ RATE_LIMIT_PER_SECOND: '0' }).limits.rateLimit).toBeUndefined();
    expect(() => parseConfig({ RATE_LIMIT_PER_SECOND: 'lots' })).toThrow(/RATE_LIMIT_PER_SECOND/);
  });
});
