import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../support/processes';
import { connectTestRedis, REDIS_URL, type TestRedis } from '../support/redis';

/**
 * Two real gateway processes (`node dist/server/main.js`) sharing one Redis,
 * in front of one emulator whose clock this test drives (speed 0: nothing
 * moves unless the test advances it). Subscribers are real graphql-ws clients.
 *
 * Which process holds the poller's lease is made observable without help from
 * the gateway: A starts alone, so the holder id in Redis once the lease exists
 * is A's; B starts after, and the holder must stay A's until A dies.
 */

jest.setTimeout(60_000);

const PIPELINES = ['rep-0', 'rep-1', 'rep-2'];
/** Simulated duration of each action: the test advances the clock by it to move an execution one action on. */
const ACTION_MS = 10_000;
const LEASE_TTL_MS = 1500;
/** The poller re-checks the lease every max(100, ttl/3) ms (src/server/live.ts). */
const LEASE_CHECK_MS = Math.max(100, Math.floor(LEASE_TTL_MS / 3));
const POLL_MS = 200;
const WINDOW_MS = 3000;

const EVENT_FIELDS = 'cursor kind pipelineName pipelineExecutionId stageName actionName state detectedAt';
const SUBSCRIPTION = `subscription Events($filter: PipelineEventFilter) { pipelineEvents(filter: $filter) { ${EVENT_FIELDS} } }`;

interface PipelineEvent {
  cursor: string;
  kind: string;
  pipelineName: string;
  pipelineExecutionId: string | null;
  stageName: string | null;
  actionName: string | null;
  state: string;
  detectedAt: string;
}

interface Subscriber {
  events: PipelineEvent[];
  errors: unknown[];
  /** Resolves once an event matches, or rejects after `timeoutMs`. */
  waitFor(match: (e: PipelineEvent) => boolean, timeoutMs?: number): Promise<PipelineEvent>;
  dispose(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A graphql-ws client on `gateway` subscribed to `pipelineEvents` for `pipelineNames`. */
async function subscribe(gateway: GatewayProcess, pipelineNames: string[]): Promise<Subscriber> {
  const events: PipelineEvent[] = [];
  const errors: unknown[] = [];
  let connected!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const client: Client = createClient({
    url: gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    on: { connected: () => connected() },
    onNonLazyError: (err) => errors.push(err),
  });
  client.subscribe<{ pipelineEvents: PipelineEvent }>(
    { query: SUBSCRIPTION, variables: { filter: { pipelineNames } } },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        if (result.data) events.push(result.data.pipelineEvents);
      },
      error: (err) => errors.push(err),
      complete: () => undefined,
    },
  );
  await ready;
  return {
    events,
    errors,
    waitFor: (match, timeoutMs = 10_000) => until('an event', () => events.find(match), timeoutMs),
    dispose: () => client.dispose() as Promise<void>,
  };
}

describe('two gateway processes on one Redis', () => {
  let emulator: TestEmulator;
  let redis: TestRedis;
  let a: GatewayProcess;
  let b: GatewayProcess | undefined;
  let holderA: string;
  const subscribers: Subscriber[] = [];
  let leaseKey: string;
  let watchKey: string;

  const env = (): Record<string, string> => ({
    CODEPIPELINE_ENDPOINT: emulator.url,
    AWS_MAX_ATTEMPTS: '1',
    REDIS_URL,
    REDIS_KEY_PREFIX: redis.prefix,
    POLL_FAST_INTERVAL_MS: String(POLL_MS),
    POLL_IDLE_INTERVAL_MS: String(POLL_MS),
    POLL_CALLS_PER_SECOND: '1000',
    LEASE_TTL_MS: String(LEASE_TTL_MS),
    WATCH_HEARTBEAT_MS: '500',
  });

  /** Replica ids that registered a watch on `pipeline` (the watch set's members are `<replica>|<name>`). */
  const watchers = async (pipeline: string): Promise<Set<string>> => {
    const members = await redis.redis.zrange(watchKey, 0, -1);
    return new Set(members.filter((m) => m.endsWith(`|${pipeline}`)).map((m) => m.split('|')[0] ?? ''));
  };

  const callsOver = async (ms: number): Promise<number> => {
    await emulator.admin('/_emulator/stats/reset', {});
    await sleep(ms);
    const calls = await emulator.stats();
    return Object.values(calls).reduce((sum, n) => sum + n, 0);
  };

  const startExecution = async (pipeline: string): Promise<string> => {
    const out = await emulator.client.send(new StartPipelineExecutionCommand({ name: pipeline }));
    return out.pipelineExecutionId ?? '';
  };

  const isTerminal = (id: string) => (e: PipelineEvent) =>
    e.kind === 'PIPELINE_EXECUTION_STATE_CHANGE' && e.pipelineExecutionId === id && e.state === 'Succeeded';

  beforeAll(async () => {
    await ensureBuilt();
    redis = await connectTestRedis();
    leaseKey = `${redis.prefix}poller-lease:123456789012:us-east-1`;
    watchKey = `${redis.prefix}watch:123456789012:us-east-1`;
    emulator = await startTestEmulator({ clockSpeed: 0 });
    const config = { EmulatorDurationMs: String(ACTION_MS) };
    for (const name of PIPELINES) {
      await emulator.client.send(
        new CreatePipelineCommand({ pipeline: simplePipeline(name, { source: config, build: config }) }),
      );
    }
    // CreatePipeline starts an execution: let those finish before anyone watches.
    emulator.advance(10 * ACTION_MS);
    a = await startGatewayProcess(env());
    holderA = await until('the lease', async () => (await redis.redis.get(leaseKey)) ?? undefined);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.dispose().catch(() => undefined)));
    for (const p of [a, b]) p?.kill('SIGTERM');
    await Promise.all([a?.stopped, b?.stopped]);
    await emulator?.close();
    await redis?.cleanup();
  });

  it('polls from one replica only: subscribers on both do not double the upstream calls', async () => {
    // Baseline: A alone, one subscriber.
    const first = await subscribe(a, PIPELINES);
    subscribers.push(first);
    await until('A to watch', async () => ((await watchers('rep-2')).size === 1 ? true : undefined));
    await sleep(500);
    const single = await callsOver(WINDOW_MS);

    // B joins with subscribers of its own, and A gets a second one, all on the same pipelines.
    b = await startGatewayProcess(env());
    const onB = await subscribe(b, PIPELINES);
    subscribers.push(onB, await subscribe(b, PIPELINES), await subscribe(a, PIPELINES));
    await until('both replicas to watch', async () =>
      (await watchers('rep-2')).size === 2 ? true : undefined,
    );
    await sleep(500);
    const both = await callsOver(WINDOW_MS);

    // 3 pipelines polled every 200 ms for 3 s: a doubled count would be about 2 x single.
    expect(single).toBeGreaterThan(20);
    expect(Math.abs(both - single)).toBeLessThanOrEqual(Math.ceil(single * 0.2) + 4);
    expect(await redis.redis.get(leaseKey)).toBe(holderA);
  });

  it('delivers the same events, with the same cursors, to subscribers on each replica', async () => {
    const [onA, onB] = [subscribers[0], subscribers[1]] as [Subscriber, Subscriber];
    const id = await startExecution('rep-1');
    for (
      let step = 0;
      step < 6 && !(onA.events.some(isTerminal(id)) && onB.events.some(isTerminal(id)));
      step++
    ) {
      await sleep(3 * POLL_MS);
      emulator.advance(ACTION_MS);
    }
    await onA.waitFor(isTerminal(id));
    await onB.waitFor(isTerminal(id));
    await sleep(3 * POLL_MS);
    const ofExecution = (s: Subscriber) =>
      s.events.filter((e) => e.pipelineExecutionId === id).map((e) => `${e.cursor} ${e.kind} ${e.state}`);
    expect(ofExecution(onA).length).toBeGreaterThanOrEqual(4);
    expect(ofExecution(onB)).toEqual(ofExecution(onA));
    expect(onA.errors).toEqual([]);
    expect(onB.errors).toEqual([]);
  });

  it('lets the other replica take over within the lease TTL when the holder is killed, losing and repeating nothing', async () => {
    const survivor = b as GatewayProcess;
    const onB = subscribers[1] as Subscriber;
    const id = await startExecution('rep-2');
    // Source runs; move it on so the execution is half-way (Build running) when the leader dies.
    await onB.waitFor((e) => e.pipelineExecutionId === id && e.kind === 'PIPELINE_EXECUTION_STATE_CHANGE');
    emulator.advance(ACTION_MS);
    await onB.waitFor(
      (e) => e.pipelineExecutionId === id && e.stageName === 'Build' && e.state === 'InProgress',
    );
    await sleep(3 * POLL_MS);

    expect(await redis.redis.get(leaseKey)).toBe(holderA);
    const killedAt = Date.now();
    a.kill('SIGKILL');
    await a.stopped;
    // The execution finishes while nobody polls.
    emulator.advance(ACTION_MS);
    const holderB = await until(
      'the survivor to take the lease',
      async () => {
        const holder = await redis.redis.get(leaseKey);
        return holder !== null && holder !== holderA ? holder : undefined;
      },
      4 * LEASE_TTL_MS,
    );
    const takeoverMs = Date.now() - killedAt;
    expect(holderB).not.toBe(holderA);
    // The lease lapses at most one TTL after the holder's last renewal; the survivor looks every check interval.
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_TTL_MS + LEASE_CHECK_MS + 250);

    await onB.waitFor(isTerminal(id), 4 * LEASE_TTL_MS);
    await sleep(5 * POLL_MS);
    const ofExecution = onB.events.filter((e) => e.pipelineExecutionId === id);
    const cursors = ofExecution.map((e) => e.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    const changes = ofExecution.map((e) => `${e.kind} ${e.stageName} ${e.actionName} ${e.state}`);
    expect(new Set(changes).size).toBe(changes.length);
    expect(ofExecution.filter(isTerminal(id))).toHaveLength(1);
    expect(changes).toEqual(
      expect.arrayContaining([
        'STAGE_EXECUTION_STATE_CHANGE Build null Succeeded',
        'ACTION_EXECUTION_STATE_CHANGE Build Build Succeeded',
      ]),
    );
    expect(onB.errors).toEqual([]);
    expect(survivor.output()).not.toMatch(/Error/);
  });
});
