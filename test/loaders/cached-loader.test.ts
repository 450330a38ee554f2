import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { simplePipeline } from '../support/declarations';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { connectTestRedis, type TestRedis } from '../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('shared') }));
  redis = await connectTestRedis();
  gateway = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
  await redis.cleanup();
});

beforeEach(async () => {
  await emu.admin('/_emulator/faults', {});
  await emu.admin('/_emulator/stats/reset', {});
});

describe('the cached loaders', () => {
  it('share one upstream call among concurrent requests for the same missing key', async () => {
    await emu.admin('/_emulator/faults', { latencyMs: 150 });
    const query = '{ pipeline(name: "shared") { state { pipelineName } } }';
    const results = await Promise.all(Array.from({ length: 5 }, () => gateway.query(query)));
    for (const r of results) expect(r.data).toEqual({ pipeline: { state: { pipelineName: 'shared' } } });
    const stats = await emu.stats();
    expect(stats.GetPipelineState).toBe(1);
  });

  it('write fetched values to Redis under the target-namespaced key with a TTL', async () => {
    await gateway.query('{ pipeline(name: "shared") { tags { key } } }');
    const keys = await redis.redis.keys(`${redis.prefix}tags|123456789012:us-east-1|*`);
    expect(keys).toHaveLength(1);
    expect(await redis.redis.pttl(keys[0]!)).toBeGreaterThan(0);
  });

  it('never cache an error: a call that failed is made again next time', async () => {
    await emu.admin('/_emulator/faults', { errorRate: 1 });
    const failed = await gateway.query('{ pipeline(name: "never-seen") { name } }');
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    await emu.admin('/_emulator/faults', {});
    const again = await gateway.query('{ pipeline(name: "never-seen") { name } }');
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({ pipeline: null });
    expect((await emu.stats()).GetPipeline).toBe(2);
  });
});
