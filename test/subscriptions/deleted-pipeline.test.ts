import { DeletePipelineCommand } from '@aws-sdk/client-codepipeline';
import { parseConfig } from '../../src/server/config';
import { startGateway, type RunningGateway } from '../../src/server/gateway';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { type TestGateway } from '../support/gateway';
import { baselineOf, eventually, idlePipeline, LiveClients } from '../support/live';
import { connectTestRedis, REDIS_URL, type TestRedis } from '../support/redis';
import { captureLogs, type CapturedLogs } from '../server/observability/helpers';

/**
 * Issue 10, defect 3: subscribers to a pipeline deleted outside the gateway
 * hung (no event, no error, no completion) while the poller logged
 * `live side error` every idle interval and kept the pipeline watched.
 */

const EVENTS = `subscription Events($filter: PipelineEventFilter) {
  pipelineEvents(filter: $filter) { kind pipelineName state }
}`;

const WATCH = `subscription Watch($name: String!) {
  pipelineStateChanged(name: $name) { name stages { name } }
}`;

interface Event {
  kind: string;
  pipelineName: string;
  state: string;
}

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ clockSpeed: 0 });
});

afterAll(async () => {
  await emu.close();
});

describe.each([
  ['the memory bus', false],
  ['Redis', true],
] as const)('subscribers of a pipeline deleted outside the gateway, over %s', (_mode, useRedis) => {
  const suffix = useRedis ? 'redis' : 'memory';
  let redis: TestRedis | undefined;
  let logs: CapturedLogs;
  let gateway: RunningGateway;
  const live = new LiveClients(() => gateway as TestGateway);

  beforeAll(async () => {
    redis = useRedis ? await connectTestRedis() : undefined;
    logs = captureLogs('info');
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CODEPIPELINE_ENDPOINT: emu.url,
      AWS_MAX_ATTEMPTS: '1',
      POLL_FAST_INTERVAL_MS: '100',
      POLL_IDLE_INTERVAL_MS: '60000',
      POLL_CALLS_PER_SECOND: '1000',
      WATCH_HEARTBEAT_MS: '200',
      ...(redis ? { REDIS_URL, REDIS_KEY_PREFIX: redis.prefix } : {}),
    });
    gateway = await startGateway(config, { logger: logs.logger });
  });

  afterAll(async () => {
    await live.disposeAll();
    await gateway.close();
    await redis?.cleanup();
  });

  it('get a final PIPELINE_DELETED event, and pipelineStateChanged ends with NOT_FOUND', async () => {
    const name = `doomed-${suffix}`;
    const other = `survivor-${suffix}`;
    await idlePipeline(emu, simplePipeline(name));
    await idlePipeline(emu, simplePipeline(other));
    const events = live.open<Event>('pipelineEvents', EVENTS, { filter: { pipelineNames: [name] } });
    const both = live.open<Event>('pipelineEvents', EVENTS, { filter: { pipelineNames: [name, other] } });
    // Watches every pipeline: it keeps the deleted one in the watched set (the list it was read from is cached).
    const everything = live.open<Event>('pipelineEvents', EVENTS, { filter: { kinds: ['APPROVAL_NEEDED'] } });
    const state = live.open<{ name: string }>('pipelineStateChanged', WATCH, { name });
    await eventually(
      () => state.values.length === 1,
      `the first pipelineStateChanged push ${JSON.stringify(state)}`,
    );
    await baselineOf(gateway as TestGateway, name);

    await emu.client.send(new DeletePipelineCommand({ name }));
    await gateway.live.poller.pollPipeline(name);

    await eventually(
      () => events.completed && state.completed,
      'both subscriptions of the deleted pipeline to end',
    );
    expect(events.errors).toEqual([]);
    expect(events.values).toEqual([{ kind: 'PIPELINE_DELETED', pipelineName: name, state: 'Deleted' }]);
    expect(state.values).toHaveLength(1);
    expect(state.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
    // A subscriber of several pipelines hears the deletion and goes on with the others.
    await eventually(() => both.values.length === 1, 'the deletion on the wider subscription');
    expect(both.values[0]).toEqual({ kind: 'PIPELINE_DELETED', pipelineName: name, state: 'Deleted' });
    expect(both.completed).toBe(false);
    expect(everything.completed).toBe(false);
  });

  it('stops polling the deleted pipeline, even while someone still watches it, and logs it once', async () => {
    const name = `doomed-${suffix}`;
    const poller = gateway.live.poller;
    // The subscriber of every pipeline above still watches it: rounds must not bring it back.
    for (let i = 0; i < 3; i++) await poller.tick();
    expect(poller.scheduled).not.toContain(name);
    const mentions = logs.lines().filter((line) => JSON.stringify(line).includes(name));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({ level: 'info', pipelineName: name });
    expect(logs.lines().filter((line) => line.msg === 'live side error')).toEqual([]);
  });
});
