import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  type PipelineDeclaration,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { approvalPipeline, simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { connectTestRedis, type TestRedis } from '../support/redis';

/**
 * The subscriptions end to end: real graphql-ws clients on a real port, a
 * gateway polling the emulator over HTTP, and Redis (or the memory bus).
 * The emulator's clock stands still (speed 0): tests move it with
 * `emu.advance`, and the gateway's poller, which runs in real time, sees the
 * jump on its next poll.
 */

const FAST_MS = 100;
const ENV = {
  POLL_FAST_INTERVAL_MS: String(FAST_MS),
  // Long: an idle pipeline is polled only when watched anew or nudged by a mutation.
  POLL_IDLE_INTERVAL_MS: '60000',
  POLL_CALLS_PER_SECOND: '1000',
  WATCH_HEARTBEAT_MS: '200',
};

const EVENTS = `subscription Events($filter: PipelineEventFilter, $after: String) {
  pipelineEvents(filter: $filter, after: $after) {
    cursor kind pipelineName pipelineExecutionId stageName actionName
    actionType { category owner provider version }
    state previousState detectedAt version target { accountId region }
  }
}`;

const WATCH = `subscription Watch($name: String!) {
  pipelineStateChanged(name: $name) {
    name
    latestExecution { pipelineExecutionId status }
    stages {
      name
      latestExecution { pipelineExecutionId status }
      actions { name latestExecution { status } }
    }
  }
}`;

const START = `mutation Start($name: String!) {
  startPipelineExecution(input: { name: $name }) { pipelineExecutionId }
}`;

const APPROVE = `mutation Approve($input: ApproveActionInput!) {
  approveAction(input: $input) { decision }
}`;

interface Event {
  cursor: string;
  kind: string;
  pipelineName: string;
  pipelineExecutionId: string | null;
  stageName: string | null;
  actionName: string | null;
  actionType: { category: string; owner: string; provider: string; version: string } | null;
  state: string;
  previousState: string | null;
  detectedAt: string;
  version: number | null;
  target: { accountId: string; region: string };
}

interface WatchedPipeline {
  name: string;
  latestExecution: { pipelineExecutionId: string; status: string } | null;
  stages: {
    name: string;
    latestExecution: { pipelineExecutionId: string; status: string } | null;
    actions: { name: string; latestExecution: { status: string } | null }[];
  }[];
}

interface GqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** What one subscription has received so far. */
interface Stream<T> {
  values: T[];
  errors: GqlError[];
  completed: boolean;
  /** Unsubscribes (sends `complete`). */
  stop(): void;
}

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ clockSpeed: 0 });
});

afterAll(async () => {
  await emu.close();
});

/** Polls `check` until it holds, failing with `what` after the deadline. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Upstream calls of one operation so far. */
async function calls(operation: string): Promise<number> {
  return (await emu.stats())[operation] ?? 0;
}

/** Events as short lines: `KIND stage/action state<-previous`. */
function lines(events: Event[]): string[] {
  return events.map((e) => {
    const where = [e.stageName, e.actionName].filter(Boolean).join('/');
    const kind = e.kind.replace('_EXECUTION_STATE_CHANGE', '');
    return `${kind}${where ? ` ${where}` : ''} ${e.state}<-${e.previousState ?? ''}`;
  });
}

/** Every step of one run of `simplePipeline`. */
const SIMPLE_RUN = [
  'PIPELINE InProgress<-',
  'STAGE Source InProgress<-',
  'ACTION Source/Source InProgress<-',
  'ACTION Source/Source Succeeded<-InProgress',
  'STAGE Source Succeeded<-InProgress',
  'STAGE Build InProgress<-',
  'ACTION Build/Build InProgress<-',
  'ACTION Build/Build Succeeded<-InProgress',
  'STAGE Build Succeeded<-InProgress',
  'PIPELINE Succeeded<-InProgress',
];

/** Creates a pipeline and lets its creation run finish, so the next run is the test's own. */
async function idlePipeline(pipeline: PipelineDeclaration): Promise<void> {
  await emu.client.send(new CreatePipelineCommand({ pipeline }));
  emu.advance(120_000);
  const runs = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: pipeline.name }));
  const first = runs.pipelineExecutionSummaries?.[0];
  if (first?.status === 'InProgress') {
    // An approval gate holds the creation run: abandon it.
    await emu.client.send(
      new StopPipelineExecutionCommand({
        pipelineName: pipeline.name,
        pipelineExecutionId: first.pipelineExecutionId,
        abandon: true,
      }),
    );
    emu.advance(1_000);
  }
}

describe.each([
  ['with Redis', true],
  ['without Redis (memory bus)', false],
] as const)('subscriptions over graphql-ws %s', (_mode, useRedis) => {
  let redis: TestRedis | undefined;
  let gateway: TestGateway;
  const clients: Client[] = [];
  const suffix = useRedis ? 'redis' : 'memory';

  beforeAll(async () => {
    redis = useRedis ? await connectTestRedis() : undefined;
    gateway = await startTestGateway(emu.url, {
      redis: useRedis,
      redisKeyPrefix: redis?.prefix,
      env: ENV,
    });
    expect(gateway.cacheKind).toBe(useRedis ? 'redis' : 'memory');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });

  afterAll(async () => {
    await gateway.close();
    await redis?.cleanup();
  });

  function connect(): Client {
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    return client;
  }

  function open<T>(client: Client, query: string, variables: Record<string, unknown>): Stream<T> {
    const field = query.includes('pipelineEvents') ? 'pipelineEvents' : 'pipelineStateChanged';
    const stream: Stream<T> = { values: [], errors: [], completed: false, stop: () => undefined };
    stream.stop = client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) stream.errors.push(...(result.errors as GqlError[]));
          const value = result.data?.[field];
          if (value) stream.values.push(value);
        },
        error: (err) => {
          stream.errors.push(...(Array.isArray(err) ? (err as GqlError[]) : [{ message: String(err) }]));
          stream.completed = true;
        },
        complete: () => {
          stream.completed = true;
        },
      },
    );
    return stream;
  }

  /** Subscribes to a pipeline's events and waits until the poller holds its baseline. */
  async function watchEvents(
    name: string,
    filter: Record<string, unknown> = {},
    client = connect(),
  ): Promise<Stream<Event>> {
    const stream = open<Event>(client, EVENTS, { filter: { pipelineNames: [name], ...filter } });
    await baselineOf(name);
    return stream;
  }

  /**
   * Waits until the poller has polled `name` since it was watched: only changes after that baseline are
   * events. Two rounds after it is scheduled: a round that starts afterwards polls it (it is due at once).
   */
  async function baselineOf(name: string): Promise<void> {
    const { poller } = gateway.live;
    await eventually(() => poller.scheduled.includes(name), `${name} to be scheduled`);
    await poller.tick();
    await poller.tick();
  }

  /** Waits until exactly `count` subscriptions listen on this gateway's bus (the earlier tests' are gone). */
  async function listening(count: number): Promise<void> {
    await eventually(() => gateway.live.listenerCount() === count, `${count} bus listeners`);
  }

  /** Moves simulated time in steps, each followed by a full poll, until `done` holds. */
  async function runUntil(done: () => boolean, what: string, stepMs = 2_000): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      emu.advance(stepMs);
      const before = await calls('ListPipelineExecutions');
      // A poll that began before the jump may read both sides of it; the second one starts after it.
      await eventually(
        async () => done() || (await calls('ListPipelineExecutions')) >= before + 2,
        `two polls after advancing (${what})`,
      );
    }
  }

  async function start(name: string): Promise<string> {
    const res = await gateway.query<{ startPipelineExecution: { pipelineExecutionId: string } }>(START, {
      name,
    });
    expect(res.errors).toBeUndefined();
    return res.data!.startPipelineExecution.pipelineExecutionId;
  }

  it('delivers every state change of an execution started through the graph, in order, with nothing missed', async () => {
    const name = `in-order-${suffix}`;
    await idlePipeline(simplePipeline(name));
    const stream = await watchEvents(name);
    const id = await start(name);
    await runUntil(() => stream.values.length >= SIMPLE_RUN.length, 'the whole run');
    // Let anything extra that would arrive arrive: one more poll after the run.
    await gateway.live.poller.pollPipeline(name);
    expect(stream.errors).toEqual([]);
    expect(lines(stream.values)).toEqual(SIMPLE_RUN);
    expect(stream.values.every((e) => e.pipelineName === name && e.pipelineExecutionId === id)).toBe(true);
    expect(new Set(stream.values.map((e) => e.cursor)).size).toBe(SIMPLE_RUN.length);
  });

  // The rest runs once, with Redis: the core test above shows both buses behave alike.
  if (!useRedis) return;

  it('gives each event its cursor, names, action type, states, detection time, version and target', async () => {
    const name = `fields-${suffix}`;
    await idlePipeline(simplePipeline(name));
    const stream = await watchEvents(name);
    const id = await start(name);
    await runUntil(() => stream.values.length >= SIMPLE_RUN.length, 'the whole run');
    const action = stream.values.find((e) => e.kind === 'ACTION_EXECUTION_STATE_CHANGE');
    expect(action).toEqual({
      cursor: expect.stringMatching(/.+/),
      kind: 'ACTION_EXECUTION_STATE_CHANGE',
      pipelineName: name,
      pipelineExecutionId: id,
      stageName: 'Source',
      actionName: 'Source',
      actionType: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
      state: 'InProgress',
      previousState: null,
      detectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      version: 1,
      target: { accountId: '123456789012', region: 'us-east-1' },
    });
    const done = stream.values.at(-1);
    expect(done).toMatchObject({
      kind: 'PIPELINE_EXECUTION_STATE_CHANGE',
      stageName: null,
      actionName: null,
      actionType: null,
      state: 'Succeeded',
      previousState: 'InProgress',
      version: 1,
    });
    const times = stream.values.map((e) => Date.parse(e.detectedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('narrows events by kinds and by states', async () => {
    const name = `filtered-${suffix}`;
    await idlePipeline(simplePipeline(name));
    const client = connect();
    const everything = await watchEvents(name, {}, client);
    const pipelineOnly = open<Event>(client, EVENTS, {
      filter: { pipelineNames: [name], kinds: ['PIPELINE_EXECUTION_STATE_CHANGE'] },
    });
    const succeeded = open<Event>(client, EVENTS, {
      filter: { pipelineNames: [name], states: ['Succeeded'] },
    });
    const stagesSucceeded = open<Event>(client, EVENTS, {
      filter: { pipelineNames: [name], kinds: ['STAGE_EXECUTION_STATE_CHANGE'], states: ['Succeeded'] },
    });
    await idlePipeline(simplePipeline(`elsewhere-${suffix}`));
    const otherPipeline = open<Event>(client, EVENTS, { filter: { pipelineNames: [`elsewhere-${suffix}`] } });
    await listening(5);
    await start(name);
    await runUntil(() => everything.values.length >= SIMPLE_RUN.length, 'the whole run');
    await eventually(() => pipelineOnly.values.length >= 2, 'the pipeline-level events');
    expect(lines(pipelineOnly.values)).toEqual(['PIPELINE InProgress<-', 'PIPELINE Succeeded<-InProgress']);
    expect(lines(succeeded.values)).toEqual(SIMPLE_RUN.filter((l) => l.includes(' Succeeded<-')));
    expect(lines(stagesSucceeded.values)).toEqual([
      'STAGE Source Succeeded<-InProgress',
      'STAGE Build Succeeded<-InProgress',
    ]);
    expect(otherPipeline.values).toEqual([]);
    // The narrowed streams carry the very events (same cursors) the full stream has.
    const cursors = new Set(everything.values.map((e) => e.cursor));
    expect(succeeded.values.every((e) => cursors.has(e.cursor))).toBe(true);
  });

  it('raises APPROVAL_NEEDED at a manual gate, then delivers the rest of the run once approved through the graph', async () => {
    const name = `gate-${suffix}`;
    await idlePipeline(approvalPipeline(name));
    const stream = await watchEvents(name);
    const id = await start(name);
    const needed = () => stream.values.some((e) => e.kind === 'APPROVAL_NEEDED');
    await runUntil(needed, 'the approval gate');
    expect(lines(stream.values)).toEqual([
      'PIPELINE InProgress<-',
      'STAGE Source InProgress<-',
      'ACTION Source/Source InProgress<-',
      'ACTION Source/Source Succeeded<-InProgress',
      'STAGE Source Succeeded<-InProgress',
      'STAGE Approval InProgress<-',
      'ACTION Approval/Approve InProgress<-',
      'APPROVAL_NEEDED Approval/Approve InProgress<-',
    ]);
    expect(stream.values.at(-1)).toMatchObject({
      pipelineExecutionId: id,
      actionType: { category: 'Approval', owner: 'AWS', provider: 'Manual' },
    });
    const approved = await gateway.query(APPROVE, {
      input: {
        pipelineName: name,
        stageName: 'Approval',
        actionName: 'Approve',
        pipelineExecutionId: id,
        decision: 'APPROVED',
        summary: 'ship it',
      },
    });
    expect(approved.errors).toBeUndefined();
    await runUntil(
      () => stream.values.at(-1)?.kind === 'PIPELINE_EXECUTION_STATE_CHANGE',
      'the end of the run',
    );
    expect(lines(stream.values.slice(8))).toEqual([
      'ACTION Approval/Approve Succeeded<-InProgress',
      'STAGE Approval Succeeded<-InProgress',
      'STAGE Deploy InProgress<-',
      'ACTION Deploy/Deploy InProgress<-',
      'ACTION Deploy/Deploy Succeeded<-InProgress',
      'STAGE Deploy Succeeded<-InProgress',
      'PIPELINE Succeeded<-InProgress',
    ]);
    expect(stream.errors).toEqual([]);
  });

  it('replays exactly the events missed while disconnected with `after`, then goes live', async () => {
    const name = `replay-${suffix}`;
    await idlePipeline(simplePipeline(name));
    // A second subscriber keeps the pipeline watched (and polled) while the first is away.
    const witness = await watchEvents(name);
    const firstClient = connect();
    const first = await watchEvents(name, {}, firstClient);
    await start(name);
    await runUntil(() => first.values.length >= 3, 'the first events');
    await eventually(() => witness.values.length === first.values.length, 'both to agree');
    await firstClient.dispose();
    const seenBefore = first.values.length;
    await runUntil(() => witness.values.length >= seenBefore + 3, 'events while disconnected');
    const resumed = open<Event>(connect(), EVENTS, {
      filter: { pipelineNames: [name] },
      after: first.values.at(-1)!.cursor,
    });
    await eventually(
      () => resumed.values.length >= witness.values.length - seenBefore,
      'the replay of the missed events',
    );
    expect(resumed.values.map((e) => e.cursor)).toEqual(
      witness.values.slice(seenBefore, seenBefore + resumed.values.length).map((e) => e.cursor),
    );
    await runUntil(() => witness.values.length >= SIMPLE_RUN.length, 'the whole run');
    await eventually(() => first.values.length + resumed.values.length >= SIMPLE_RUN.length, 'live events');
    const together = [...first.values, ...resumed.values];
    expect(together.map((e) => e.cursor)).toEqual(witness.values.map((e) => e.cursor));
    expect(lines(together)).toEqual(SIMPLE_RUN);
    expect(resumed.errors).toEqual([]);
  });

  it('sends the pipeline at once on pipelineStateChanged, then again as the run changes it', async () => {
    const name = `dashboard-${suffix}`;
    await idlePipeline(simplePipeline(name));
    const stream = open<WatchedPipeline>(connect(), WATCH, { name });
    await eventually(() => stream.values.length >= 1, 'the first push');
    expect(stream.errors).toEqual([]);
    const initial = stream.values[0]!;
    expect(initial.name).toBe(name);
    expect(initial.latestExecution).toMatchObject({ status: 'Succeeded' });
    expect(initial.stages.map((s) => s.name)).toEqual(['Source', 'Build']);
    expect(initial.stages.map((s) => s.actions.map((a) => a.name))).toEqual([['Source'], ['Build']]);
    expect(initial.stages.every((s) => s.latestExecution?.status === 'Succeeded')).toBe(true);
    await baselineOf(name);
    const id = await start(name);
    const latest = () => stream.values.at(-1);
    await runUntil(
      () =>
        latest()?.latestExecution?.pipelineExecutionId === id &&
        latest()?.latestExecution?.status === 'Succeeded',
      'a push of the finished run',
    );
    const pushes = stream.values.slice(1);
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    expect(
      pushes.some(
        (p) => p.latestExecution?.pipelineExecutionId === id && p.latestExecution.status === 'InProgress',
      ),
    ).toBe(true);
    const last = latest()!;
    expect(
      last.stages.map((s) => [s.latestExecution?.pipelineExecutionId, s.latestExecution?.status]),
    ).toEqual([
      [id, 'Succeeded'],
      [id, 'Succeeded'],
    ]);
    expect(last.stages.flatMap((s) => s.actions.map((a) => a.latestExecution?.status))).toEqual([
      'Succeeded',
      'Succeeded',
    ]);
  });

  it('answers pipelineStateChanged of a missing pipeline with NOT_FOUND and of a bad name with BAD_USER_INPUT', async () => {
    const client = connect();
    const missing = open<WatchedPipeline>(client, WATCH, { name: `nowhere-${suffix}` });
    const bad = open<WatchedPipeline>(client, WATCH, { name: 'not a name!' });
    await eventually(() => missing.completed && bad.completed, 'both to end');
    expect(missing.values).toEqual([]);
    expect(missing.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
    expect(bad.values).toEqual([]);
    expect(bad.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
  });

  it('hears an execution started by a mutation within about one fast interval, not the idle one', async () => {
    const name = `nudged-${suffix}`;
    await idlePipeline(simplePipeline(name));
    const stream = await watchEvents(name, { kinds: ['PIPELINE_EXECUTION_STATE_CHANGE'] });
    const startedAt = Date.now();
    const id = await start(name);
    await eventually(() => stream.values.length >= 1, 'the execution-started event', 5_000);
    const tookMs = Date.now() - startedAt;
    expect(stream.values[0]).toMatchObject({ pipelineExecutionId: id, state: 'InProgress' });
    // The idle interval is 60 s; the nudge makes the pipeline due at once.
    expect(tookMs).toBeLessThan(FAST_MS * 10);
  });

  it.each([
    ['pipelineEvents', EVENTS, (name: string) => ({ filter: { pipelineNames: [name] } })],
    ['pipelineStateChanged', WATCH, (name: string) => ({ name })],
  ])(
    'stops polling a pipeline once the last subscriber of its %s leaves',
    async (field, query, variables) => {
      const name = `quiet-${field}-${suffix}`;
      // A build that runs for an hour keeps the pipeline active, so it is polled every fast interval.
      await emu.client.send(
        new CreatePipelineCommand({
          pipeline: simplePipeline(name, { build: { EmulatorDurationMs: '3600000' } }),
        }),
      );
      const stream = open(connect(), query, variables(name));
      await baselineOf(name);
      const lists = await calls('ListPipelineExecutions');
      const states = await calls('GetPipelineState');
      await eventually(
        async () =>
          (await calls('ListPipelineExecutions')) >= lists + 3 &&
          (await calls('GetPipelineState')) >= states + 3,
        'fast polls of the running pipeline',
      );
      stream.stop();
      await eventually(() => !gateway.live.poller.scheduled.includes(name), 'the pipeline to be unscheduled');
      // A poll in flight when it was unscheduled may still land; after it, nothing.
      await gateway.live.poller.tick();
      const after = { lists: await calls('ListPipelineExecutions'), states: await calls('GetPipelineState') };
      await new Promise((resolve) => setTimeout(resolve, FAST_MS * 5));
      expect({
        lists: await calls('ListPipelineExecutions'),
        states: await calls('GetPipelineState'),
      }).toEqual(after);
    },
  );
});
