import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { type Target } from '../../src/aws/target';
import { MemoryCache } from '../../src/cache/memory-cache';
import { both, isPromiseLike, then } from '../../src/loaders/in-hand';
import { LoaderSource } from '../../src/loaders/loader-source';
import { LoaderRuntime } from '../../src/loaders/runtime';
import { RequestTrace } from '../../src/loaders/trace';
import { DEFAULT_TTLS } from '../../src/loaders/ttl';
import { Upstream } from '../../src/upstream/upstream';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

const EMULATOR_KEYS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };
/** Where the pipeline's state is cached. */
const STATE_KEY = 'state|123456789012:us-east-1|in-hand';

let emu: TestEmulator;
let upstream: Upstream;
let target: Target;

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('in-hand') }));
  upstream = new Upstream({ maxAttempts: 1, requestTimeoutMs: 5_000, maxSockets: 8, callsPerSecond: 0 });
  target = { accountId: '123456789012', region: 'us-east-1', endpoint: emu.url };
  upstream.register({ target, credentials: () => Promise.resolve(EMULATOR_KEYS) });
});

afterAll(async () => {
  upstream.close();
  await emu.close();
});

function freshSource(cache = new MemoryCache(100, 60_000)): { source: LoaderSource; cache: MemoryCache } {
  const runtime = new LoaderRuntime(cache, 4);
  return {
    source: new LoaderSource(upstream, DEFAULT_TTLS, runtime, { maxWaitMs: 1_000, staleWaitMs: 100 }),
    cache,
  };
}

describe('values in hand', () => {
  it('are not there for a cold key: read returns a promise, and the answer is in hand for the rest of the request', async () => {
    const { source } = freshSource();
    const trace = new RequestTrace();
    const loaders = source.forRequest(target, trace);
    expect(loaders.pipelineState.peek('in-hand')).toBeUndefined();
    const pending = loaders.pipelineState.read('in-hand');
    expect(isPromiseLike(pending)).toBe(true);
    const state = await pending;
    expect(loaders.pipelineState.peek('in-hand')).toBe(state);
    expect(loaders.pipelineState.read('in-hand')).toBe(state);
    expect(trace.upstreamCalls).toBe(1);
  });

  it('come from the near cache for the next request: no promise, no call, one hit and its dependency noted', async () => {
    const { source } = freshSource();
    await source.forRequest(target, new RequestTrace()).pipelineState.load('in-hand');
    const trace = new RequestTrace();
    const loaders = source.forRequest(target, trace);
    const state = loaders.pipelineState.read('in-hand');
    expect(isPromiseLike(state)).toBe(false);
    expect((state as { pipelineName?: string }).pipelineName).toBe('in-hand');
    expect(trace.upstreamCalls).toBe(0);
    expect(trace.cacheReads.hit).toBe(1);
    expect([...trace.dependencies]).toEqual(
      expect.arrayContaining([`key|${STATE_KEY}`, 'runtime|123456789012:us-east-1|in-hand']),
    );
    // load agrees with what was in hand.
    await expect(loaders.pipelineState.load('in-hand')).resolves.toBe(state);
  });

  it('stay one answer per key within a request, even when the cache changes meanwhile', async () => {
    const { source, cache } = freshSource();
    await source.forRequest(target, new RequestTrace()).pipelineState.load('in-hand');
    const loaders = source.forRequest(target, new RequestTrace());
    const first = loaders.pipelineState.peek('in-hand');
    expect(first).toBeDefined();
    await cache.setMany([{ key: STATE_KEY, value: '{"pipelineName":"changed"}', freshForMs: 60_000 }]);
    expect(loaders.pipelineState.peek('in-hand')).toBe(first);
    const next = source.forRequest(target, new RequestTrace());
    expect(next.pipelineState.peek('in-hand')).toEqual({ pipelineName: 'changed' });
  });

  it('never jump ahead of a load in flight for the same key', async () => {
    const { source, cache } = freshSource();
    const loaders = source.forRequest(target, new RequestTrace());
    const inFlight = loaders.pipelineState.load('in-hand');
    await cache.setMany([{ key: STATE_KEY, value: '{"pipelineName":"other"}', freshForMs: 60_000 }]);
    expect(loaders.pipelineState.peek('in-hand')).toBeUndefined();
    const state = await inFlight;
    expect(loaders.pipelineState.peek('in-hand')).toBe(state);
  });

  it('are never used by refreshing loaders (the poller reads upstream)', async () => {
    const { source } = freshSource();
    await source.forRequest(target, new RequestTrace()).pipelineState.load('in-hand');
    const trace = new RequestTrace();
    const fresh = source.fresh(target, trace, 'poller');
    expect(fresh.pipelineState.peek('in-hand')).toBeUndefined();
    await fresh.pipelineState.read('in-hand');
    expect(trace.upstreamCalls).toBe(1);
  });
});

describe('chaining values that may be in hand', () => {
  it('applies the next step at once to a value in hand, and after the promise otherwise', async () => {
    expect(then(2, (n) => n * 3)).toBe(6);
    const later = then(Promise.resolve(2), (n) => n * 3);
    expect(isPromiseLike(later)).toBe(true);
    await expect(later).resolves.toBe(6);
  });

  it('joins two values without a promise when both are in hand', async () => {
    expect(both(1, 'a', (n, s) => `${s}${n}`)).toBe('a1');
    await expect(both(Promise.resolve(1), 'a', (n, s) => `${s}${n}`)).resolves.toBe('a1');
  });
});
