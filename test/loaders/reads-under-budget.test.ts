import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { type Target } from '../../src/aws/target';
import { encodeValue } from '../../src/cache/codec';
import { cacheKey } from '../../src/cache/keys';
import { MemoryCache } from '../../src/cache/memory-cache';
import { LoaderSource } from '../../src/loaders/loader-source';
import { LoaderRuntime } from '../../src/loaders/runtime';
import { RequestTrace } from '../../src/loaders/trace';
import { DEFAULT_TTLS } from '../../src/loaders/ttl';
import { Upstream } from '../../src/upstream/upstream';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

const EMULATOR_KEYS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reads under a spent budget', () => {
  let emu: TestEmulator;
  let upstream: Upstream;
  let target: Target;
  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('contended') }));
    // 4 calls a second, 4 of burst.
    upstream = new Upstream({ maxAttempts: 1, requestTimeoutMs: 5_000, maxSockets: 8, callsPerSecond: 4 });
    target = { accountId: '123456789012', region: 'us-east-1', endpoint: emu.url };
    upstream.register({ target, credentials: () => Promise.resolve(EMULATOR_KEYS) });
  });
  afterAll(async () => {
    upstream.close();
    await emu.close();
  });

  it('serve the stale value at once, and a read with nothing cached waits for its own call instead of sharing the early give-up', async () => {
    // State is fresh for 1 ms only: every later read finds it stale.
    const ttls = { ...DEFAULT_TTLS, stateMs: 1 };
    const runtime = new LoaderRuntime(new MemoryCache(100, 60_000), 64);
    const source = new LoaderSource(upstream, ttls, runtime, { maxWaitMs: 10_000, staleWaitMs: 100 });
    await source.fresh(target, new RequestTrace(), 'interactive').pipelineState.load('contended');
    const budget = upstream.forTarget(target).budget;
    await Promise.all([1, 2, 3, 4].map(() => budget?.acquire({ priority: 'write' })));

    // A dashboard finds the state stale: its refresh waits a little for the spent budget.
    const dashboard = new RequestTrace();
    const stale = source.forRequest(target, dashboard).pipelineState.load('contended');
    await sleep(20);
    // Meanwhile a write drops the entry, and another request finds nothing cached at all.
    await runtime.cache.invalidate([cacheKey('state', target, 'contended')], []);
    const reader = new RequestTrace();
    const missing = source.forRequest(target, reader).pipelineState.load('contended');

    await expect(stale).resolves.toMatchObject({ pipelineName: 'contended' });
    expect(dashboard.stale).toHaveLength(1);
    await expect(missing).resolves.toMatchObject({ pipelineName: 'contended' });
    expect(reader.stale).toHaveLength(0);
  });

  it('leave the queue when another replica fills the key meanwhile: no second call for one key', async () => {
    const runtime = new LoaderRuntime(new MemoryCache(100, 60_000), 64);
    const source = new LoaderSource(upstream, DEFAULT_TTLS, runtime, { maxWaitMs: 10_000, staleWaitMs: 100 });
    const budget = upstream.forTarget(target).budget;
    // Spend every token and run into debt: a read now waits about 1.5 s for its turn.
    await Promise.all([1, 2, 3, 4].map(() => budget?.acquire({ priority: 'write' })));
    await budget?.charge('write', 4);
    await emu.admin('/_emulator/stats/reset', {});

    const started = Date.now();
    const read = source.forRequest(target, new RequestTrace()).pipelineState.load('contended');
    await sleep(100);
    // Meanwhile another replica fetched the state and wrote it to the shared cache.
    const key = cacheKey('state', target, 'contended');
    const state = { pipelineName: 'contended', pipelineVersion: 1, stageStates: [] };
    await runtime.cache.setMany([{ key, value: encodeValue(state), freshForMs: 60_000 }]);

    await expect(read).resolves.toMatchObject({ pipelineName: 'contended' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await emu.stats()).GetPipelineState ?? 0).toBe(0);
  });
});
