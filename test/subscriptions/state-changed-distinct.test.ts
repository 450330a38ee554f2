import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { baselineOf, eventually, idlePipeline, LiveClients, runUntil } from '../support/live';
import { connectTestRedis, type TestRedis } from '../support/redis';

/**
 * Issue 10, defect 2: `pipelineStateChanged` pushed identical payloads
 * (3 of 6 pushes over one execution), with the memory and Redis caches alike.
 * A subscriber never receives a payload equal to the last one it received.
 */

const ENV = {
  POLL_FAST_INTERVAL_MS: '100',
  POLL_IDLE_INTERVAL_MS: '60000',
  POLL_CALLS_PER_SECOND: '1000',
  WATCH_HEARTBEAT_MS: '200',
};

const WATCH = `subscription Watch($name: String!) {
  pipelineStateChanged(name: $name) {
    name
    latestExecution { pipelineExecutionId status }
    stages { name latestExecution { status } }
  }
}`;

const START = `mutation Start($name: String!) {
  startPipelineExecution(input: { name: $name }) { pipelineExecutionId }
}`;

interface Watched {
  latestExecution: { pipelineExecutionId: string; status: string } | null;
  stages: { name: string; latestExecution: { status: string } | null }[];
}

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ clockSpeed: 0 });
});

afterAll(async () => {
  await emu.close();
});

describe.each([
  ['the memory cache', false],
  ['Redis', true],
] as const)('pipelineStateChanged over %s', (mode, useRedis) => {
  let redis: TestRedis | undefined;
  let gateway: TestGateway;
  const live = new LiveClients(() => gateway);

  beforeAll(async () => {
    redis = useRedis ? await connectTestRedis() : undefined;
    gateway = await startTestGateway(emu.url, { redis: useRedis, redisKeyPrefix: redis?.prefix, env: ENV });
  });

  afterAll(async () => {
    await live.disposeAll();
    await gateway.close();
    await redis?.cleanup();
  });

  it('never pushes a payload equal to the last one it pushed, over a whole execution', async () => {
    const name = `distinct-${useRedis ? 'redis' : 'memory'}`;
    await idlePipeline(emu, simplePipeline(name));
    const stream = live.open<Watched>('pipelineStateChanged', WATCH, { name });
    await eventually(() => stream.values.length >= 1, `the first push (${mode})`);
    await baselineOf(gateway, name);
    const started = await gateway.query<{ startPipelineExecution: { pipelineExecutionId: string } }>(START, {
      name,
    });
    const id = started.data!.startPipelineExecution.pipelineExecutionId;
    const latest = () => stream.values.at(-1);
    await runUntil(
      emu,
      () =>
        latest()?.latestExecution?.pipelineExecutionId === id &&
        latest()?.latestExecution?.status === 'Succeeded',
      'a push of the finished run',
      1_000,
    );
    // Polls after the end find nothing new: nothing more is pushed.
    await gateway.live.poller.pollPipeline(name);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(stream.errors).toEqual([]);
    const rendered = stream.values.map((v) => JSON.stringify(v));
    const repeats = rendered.filter((text, i) => i > 0 && text === rendered[i - 1]);
    expect(repeats).toEqual([]);
    // It still pushes each change: the run starting, and ending.
    expect(
      stream.values.some(
        (v) => v.latestExecution?.pipelineExecutionId === id && v.latestExecution.status === 'InProgress',
      ),
    ).toBe(true);
  });
});
