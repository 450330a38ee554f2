import { type Redis } from 'ioredis';
import { connectTestRedis, type TestRedis } from '../../support/redis';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { type Estate, PROD, STAGING, startEstate } from './estate-fixture';

/**
 * A write nudges the poller of its own target, across replicas too: each
 * target's nudges travel on a Redis channel of their own, so a pipeline of
 * the same name in another target is not made due.
 */

let estate: Estate;
let testRedis: TestRedis;
let gateway: TestGateway;
let listener: Redis;
const heard: { channel: string; name: string }[] = [];

beforeAll(async () => {
  estate = await startEstate();
  testRedis = await connectTestRedis();
  gateway = await startTestGateway(estate.emu.url, {
    redis: true,
    redisKeyPrefix: testRedis.prefix,
    env: { TARGETS_FILE: estate.targetsFile },
  });
  listener = testRedis.redis.duplicate({ lazyConnect: false, enableOfflineQueue: true });
  listener.on('pmessage', (_pattern: string, channel: string, name: string) => heard.push({ channel, name }));
  await listener.psubscribe(`${testRedis.prefix}nudges*`);
});

afterAll(async () => {
  await listener?.quit();
  await gateway?.close();
  await testRedis?.cleanup();
  await estate.close();
});

describe('nudges across targets', () => {
  it("publishes a write's nudge on its own target's channel only", async () => {
    heard.length = 0;
    const res = await gateway.query(
      `mutation { startPipelineExecution(input: { name: "payments-api", account: "${STAGING}", region: "us-east-1" }) { pipelineExecutionId } }`,
    );
    expect(res.errors).toBeUndefined();
    const deadline = Date.now() + 5_000;
    while (!heard.some((h) => h.name === 'payments-api') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const forPayments = heard.filter((h) => h.name === 'payments-api').map((h) => h.channel);
    expect(forPayments.length).toBeGreaterThan(0);
    expect(new Set(forPayments)).toEqual(new Set([`${testRedis.prefix}nudges:${STAGING}:us-east-1`]));
    expect(forPayments).not.toContain(`${testRedis.prefix}nudges:${PROD}:us-east-1`);
  });
});
