import {
  type CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { type Target } from '../../src/aws/target';
import { MemoryCache } from '../../src/cache/memory-cache';
import { RedisCache } from '../../src/cache/redis-cache';
import { createCodePipelineLoaders } from '../../src/loaders/codepipeline-loaders';
import { primeQueryCache, primeWrites } from '../../src/loaders/prime';
import { LoaderRuntime } from '../../src/loaders/runtime';
import { RequestTrace } from '../../src/loaders/trace';
import { DEFAULT_TTLS } from '../../src/loaders/ttl';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { connectTestRedis, type TestRedis } from '../support/redis';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('primed') }));
});
afterAll(() => emu.close());

async function freshReads() {
  const state = await emu.client.send(new GetPipelineStateCommand({ name: 'primed' }));
  const list = await emu.client.send(
    new ListPipelineExecutionsCommand({ pipelineName: 'primed', maxResults: 10 }),
  );
  return {
    state,
    executionsPage: {
      pipelineName: 'primed',
      summaries: list.pipelineExecutionSummaries ?? [],
      nextToken: list.nextToken,
    },
  };
}

describe('primeQueryCache', () => {
  it('writes exactly the keys the loaders read: primed values load without an upstream call', async () => {
    const target: Target = { accountId: '123456789012', region: 'us-east-1', endpoint: emu.url };
    const cache = new MemoryCache(100, 60_000);
    const reads = await freshReads();
    await primeQueryCache(cache, target, DEFAULT_TTLS, reads);
    const refusing = {
      send: () => Promise.reject(new Error('no upstream call expected')),
    } as unknown as CodePipelineClient;
    const trace = new RequestTrace();
    const loaders = createCodePipelineLoaders(
      target,
      refusing,
      DEFAULT_TTLS,
      new LoaderRuntime(cache, 4),
      trace,
    );
    const state = await loaders.pipelineState.load('primed');
    const page = await loaders.executionsPage.load({ pipelineName: 'primed', size: 10 });
    expect(state.pipelineVersion).toBe(1);
    expect(state.stageStates?.[0]?.stageName).toBe('Source');
    expect(page.items[0]?.startTime).toBeInstanceOf(Date);
    expect(page.items.map((e) => e.pipelineExecutionId)).toEqual(
      reads.executionsPage.summaries.map((e) => e.pipelineExecutionId),
    );
    expect(trace.upstreamCalls).toBe(0);
  });

  it('tags entries for the pipeline’s runtime invalidation, and skips kinds cached for 0 ms', async () => {
    const target: Target = { accountId: '1', region: 'r' };
    const writes = primeWrites(target, { ...DEFAULT_TTLS, executionsMs: 0 }, await freshReads());
    expect(writes.map((w) => [w.key, w.tags, w.freshForMs])).toEqual([
      ['state|1:r|primed', ['runtime|1:r|primed'], DEFAULT_TTLS.stateMs],
    ]);
    expect(writes[0]?.value).not.toContain('$metadata');
  });
});

describe('a gateway query after priming', () => {
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

  it('is served from the primed entries with zero upstream calls', async () => {
    const query = `{ pipeline(name: "primed") { state { pipelineVersion } latestExecution { pipelineExecutionId status } } }`;
    // Warm the declaration only (pipeline(name) reads GetPipeline); then let the state and executions go stale.
    await gateway.query(query);
    const stale = [
      ...(await redis.redis.keys(`${redis.prefix}state|*`)),
      ...(await redis.redis.keys(`${redis.prefix}executions|*`)),
    ];
    expect(stale).toHaveLength(2);
    await redis.redis.del(...stale);
    const reads = await freshReads();
    const cache = new RedisCache(redis.redis, redis.prefix, 60_000);
    await primeQueryCache(cache, targetOf(gateway), DEFAULT_TTLS, reads);
    await emu.admin('/_emulator/stats/reset', {});
    const res = await gateway.query<{
      pipeline: { state: { pipelineVersion: number }; latestExecution: { pipelineExecutionId: string } };
    }>(query);
    expect(res.errors).toBeUndefined();
    expect(res.data?.pipeline.latestExecution.pipelineExecutionId).toBe(
      reads.executionsPage.summaries[0]?.pipelineExecutionId,
    );
    expect(res.extensions?.upstream).toMatchObject({ calls: 0 });
    expect(await emu.stats()).toEqual({});
  });
});

/** The target the test gateway serves (the config's defaults, with the emulator's endpoint). */
function targetOf(gateway: TestGateway): Target {
  return { accountId: '123456789012', region: 'us-east-1', endpoint: gateway.upstream.endpoint };
}
