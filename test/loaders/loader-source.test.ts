import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { type Target } from '../../src/aws/target';
import { MemoryCache } from '../../src/cache/memory-cache';
import { LoaderSource } from '../../src/loaders/loader-source';
import { LoaderRuntime } from '../../src/loaders/runtime';
import { RequestTrace } from '../../src/loaders/trace';
import { DEFAULT_TTLS } from '../../src/loaders/ttl';
import { Upstream } from '../../src/upstream/upstream';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { connectTestRedis, type TestRedis } from '../support/redis';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('polled') }));
});
afterAll(() => emu.close());

const EMULATOR_KEYS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };

describe('the loader kit outside a request', () => {
  let upstream: Upstream;
  let target: Target;
  beforeAll(() => {
    upstream = new Upstream({ maxAttempts: 1, requestTimeoutMs: 5_000, maxSockets: 8, callsPerSecond: 0 });
    target = { accountId: '123456789012', region: 'us-east-1', endpoint: emu.url };
    upstream.register({ target, credentials: () => Promise.resolve(EMULATOR_KEYS) });
  });
  afterAll(() => upstream.close());

  it('reads live and stores under the query keys: a request read afterwards costs no call', async () => {
    const source = new LoaderSource(
      upstream,
      DEFAULT_TTLS,
      new LoaderRuntime(new MemoryCache(100, 60_000), 4),
      {
        maxWaitMs: 1_000,
        staleWaitMs: 100,
      },
    );
    const live = new RequestTrace();
    const fresh = source.fresh(target, live, 'poller');
    await fresh.pipelineState.load('polled');
    await fresh.executionsPage.load({ pipelineName: 'polled', size: 10 });
    expect(live.upstreamCalls).toBe(2);

    const again = new RequestTrace();
    const refreshed = source.fresh(target, again, 'poller');
    await refreshed.pipelineState.load('polled');
    expect(again.upstreamCalls).toBe(1);

    const query = new RequestTrace();
    const loaders = source.forRequest(target, query);
    const state = await loaders.pipelineState.load('polled');
    const page = await loaders.executionsPage.load({ pipelineName: 'polled', size: 10 });
    expect(state.stageStates?.[0]?.stageName).toBe('Source');
    expect(page.items[0]?.startTime).toBeInstanceOf(Date);
    expect(query.upstreamCalls).toBe(0);
  });
});

describe('a gateway query after a poll', () => {
  let redis: TestRedis;
  let gateway: TestGateway;
  beforeAll(async () => {
    redis = await connectTestRedis();
    gateway = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
  });
  afterAll(async () => {
    await gateway.close();
    await redis.cleanup();
  });

  it('is served from what the poller read, with zero upstream calls', async () => {
    const query = `{ pipeline(name: "polled") { state { pipelineVersion } latestExecution { pipelineExecutionId status } } }`;
    // Warm the declaration only (pipeline(name) reads GetPipeline); then let the state and executions go.
    await gateway.query(query);
    const runtime = [
      ...(await redis.redis.keys(`${redis.prefix}state|*`)),
      ...(await redis.redis.keys(`${redis.prefix}executions|*`)),
    ];
    expect(runtime).toHaveLength(2);
    await redis.redis.del(...runtime);
    await gateway.live.poller.pollPipeline('polled');
    await emu.admin('/_emulator/stats/reset', {});
    const res = await gateway.query<{
      pipeline: { state: { pipelineVersion: number }; latestExecution: { pipelineExecutionId: string } };
    }>(query);
    expect(res.errors).toBeUndefined();
    expect(res.data?.pipeline.state.pipelineVersion).toBe(1);
    expect(res.extensions?.upstream).toMatchObject({ calls: 0 });
  });
});
