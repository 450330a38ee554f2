import {
  CreatePipelineCommand,
  ListPipelinesCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { type Target } from '../../src/aws/target';
import { MemoryCache } from '../../src/cache/memory-cache';
import { type CodePipelineLoaders } from '../../src/loaders/codepipeline-loaders';
import { LoaderSource } from '../../src/loaders/loader-source';
import { LoaderRuntime } from '../../src/loaders/runtime';
import { RequestTrace } from '../../src/loaders/trace';
import { DEFAULT_TTLS } from '../../src/loaders/ttl';
import { createWriter } from '../../src/loaders/write';
import { type CallPriority } from '../../src/upstream/priority';
import { Upstream } from '../../src/upstream/upstream';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

const EMULATOR_KEYS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };

describe('a write under a spent budget', () => {
  let emu: TestEmulator;
  let upstream: Upstream;
  let target: Target;
  const spent: CallPriority[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('written') }));
    // 4 calls a second: a queue of 20 dashboard reads takes five seconds to drain.
    upstream = new Upstream({ maxAttempts: 1, requestTimeoutMs: 5_000, maxSockets: 8, callsPerSecond: 4 });
    upstream.observer = {
      spent: (_t, priority) => spent.push(priority),
      waited: () => undefined,
      throttled: () => undefined,
      exhausted: () => undefined,
    };
    target = { accountId: '123456789012', region: 'us-east-1', endpoint: emu.url };
    upstream.register({ target, credentials: () => Promise.resolve(EMULATOR_KEYS) });
  });
  afterAll(async () => {
    upstream.close();
    await emu.close();
  });

  it("reads its payload back at the write's priority, ahead of the dashboards, within a second", async () => {
    const source = new LoaderSource(
      upstream,
      DEFAULT_TTLS,
      new LoaderRuntime(new MemoryCache(100, 60_000), 64),
      {
        maxWaitMs: 30_000,
        staleWaitMs: 100,
      },
    );
    // Other users' reads drain the bucket and queue up at interactive priority.
    const dashboards = Array.from({ length: 20 }, () =>
      upstream.call(target, new ListPipelinesCommand({}), { priority: 'interactive' }),
    );
    await new Promise((r) => setTimeout(r, 100));
    spent.length = 0;

    const trace = new RequestTrace();
    let loaders: CodePipelineLoaders = source.forRequest(target, trace);
    const write = createWriter({
      upstream: upstream.forTarget(target),
      runtime: source.runtime,
      trace,
      renewLoaders: (priority) => (loaders = source.forRequest(target, trace, priority)),
      nudge: () => undefined,
    });
    const started = Date.now();
    const { pipelineExecutionId } = await write(
      'StartPipelineExecution',
      new StartPipelineExecutionCommand({ name: 'written' }),
      () => ({ pipelineName: 'written' }),
    );
    const execution = await loaders.execution.load({
      pipelineName: 'written',
      pipelineExecutionId: pipelineExecutionId ?? '',
    });
    const elapsed = Date.now() - started;

    expect(execution.pipelineExecutionId).toBe(pipelineExecutionId);
    // Two tokens at write priority: the write, and the read of its payload.
    expect(spent.filter((p) => p === 'write')).toHaveLength(2);
    expect(elapsed).toBeLessThan(1_000);
    await Promise.all(dashboards);
  });
});
