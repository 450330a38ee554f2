import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { API_KEYS, eventually, gql, KEYS } from './support';

/**
 * graphql-ws authenticates in `connection_init`, and the scope filters every
 * event per subscriber: real sockets, a real poller, a real emulator.
 */

const EVENTS = `subscription Events($filter: PipelineEventFilter) {
  pipelineEvents(filter: $filter) { kind pipelineName }
}`;

const START = `mutation Start($name: String!) {
  startPipelineExecution(input: { name: $name }) { pipelineExecutionId }
}`;

interface Event {
  kind: string;
  pipelineName: string;
}

interface Stream {
  values: Event[];
  errors: { message: string; extensions?: Record<string, unknown> }[];
  completed: boolean;
}

let emu: TestEmulator;
let gateway: TestGateway;
const clients: Client[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ clockSpeed: 0 });
  for (const name of ['team-a-api', 'team-b-api']) {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
  }
  emu.advance(120_000);
  gateway = await startTestGateway(emu.url, {
    env: { API_KEYS, POLL_FAST_INTERVAL_MS: '100', POLL_CALLS_PER_SECOND: '1000', WATCH_HEARTBEAT_MS: '200' },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

afterAll(async () => {
  await gateway?.close();
  await emu.close();
});

/** A raw graphql-transport-ws socket sending `connection_init` with `payload`; resolves with the close code. */
async function closeCodeFor(
  payload: Record<string, unknown> | undefined,
): Promise<{ code: number; acked: boolean }> {
  const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  let acked = false;
  socket.on('message', (data: Buffer) => {
    if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') acked = true;
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) }));
  return { code: await closed, acked };
}

function connect(key: string): Client {
  const client = createClient({
    url: gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { Authorization: `Bearer ${key}` },
  });
  clients.push(client);
  return client;
}

function open(client: Client, query: string, variables: Record<string, unknown> = {}): Stream {
  const stream: Stream = { values: [], errors: [], completed: false };
  client.subscribe<Record<string, Event>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) stream.errors.push(...(result.errors as Stream['errors']));
        const value = result.data ? Object.values(result.data)[0] : undefined;
        if (value) stream.values.push(value);
      },
      error: (err) => {
        stream.errors.push(...(Array.isArray(err) ? (err as Stream['errors']) : [{ message: String(err) }]));
        stream.completed = true;
      },
      complete: () => {
        stream.completed = true;
      },
    },
  );
  return stream;
}

describe('authenticating graphql-ws connections', () => {
  it.each([
    ['no connection params', undefined],
    ['params without a credential', { hello: 'world' }],
    ['a wrong key', { Authorization: 'Bearer wrong-key-0123456789abcdef' }],
    ['a malformed header', { Authorization: 'Bearer' }],
  ])('closes the socket with 4401 on %s, before any acknowledgement', async (_what, payload) => {
    expect(await closeCodeFor(payload)).toEqual({ code: 4401, acked: false });
  });

  it('acknowledges a connection with a valid key', async () => {
    const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    const ack = new Promise<string>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(data.toString())),
    );
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${KEYS.viewer}` } }),
    );
    expect(JSON.parse(await ack)).toEqual({ type: 'connection_ack' });
    socket.close();
  });

  it('answers pipelineStateChanged on a pipeline outside the scope with NOT_FOUND, as for a missing one', async () => {
    const client = connect(KEYS.viewer);
    const hidden = open(client, 'subscription { pipelineStateChanged(name: "team-b-api") { name } }');
    const missing = open(client, 'subscription { pipelineStateChanged(name: "no-such-pipeline") { name } }');
    const visible = open(client, 'subscription { pipelineStateChanged(name: "team-a-api") { name } }');
    await eventually(
      () => hidden.completed && missing.completed && visible.values.length > 0,
      'all three answers',
    );
    expect(hidden.values).toEqual([]);
    expect(hidden.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(hidden.errors[0]?.message).toBe(
      missing.errors[0]?.message.replace('no-such-pipeline', 'team-b-api'),
    );
    expect(visible.values).toEqual([{ name: 'team-a-api' }]);
  });
});

describe('events and the scope', () => {
  it('never delivers an event of a pipeline outside the subscriber’s scope', async () => {
    const admin = open(connect(KEYS.admin), EVENTS, {
      filter: { pipelineNames: ['team-a-api', 'team-b-api'] },
    });
    const viewerClient = connect(KEYS.viewer);
    const viewerAll = open(viewerClient, EVENTS);
    const viewerBoth = open(viewerClient, EVENTS, {
      filter: { pipelineNames: ['team-a-api', 'team-b-api'] },
    });
    const viewerB = open(viewerClient, EVENTS, { filter: { pipelineNames: ['team-b-api'] } });
    const { poller } = gateway.live;
    await eventually(
      () => poller.scheduled.includes('team-a-api') && poller.scheduled.includes('team-b-api'),
      'both pipelines to be watched',
    );
    await poller.tick();
    await poller.tick();

    // Through the gateway, so the change detector is nudged for both pipelines at once.
    for (const name of ['team-a-api', 'team-b-api']) {
      const res = await gql(gateway, KEYS.admin, START, { name });
      expect(res.errors).toBeUndefined();
    }
    const heard = (stream: Stream, name: string) => stream.values.some((e) => e.pipelineName === name);
    await eventually(async () => {
      await poller.tick();
      return (
        heard(admin, 'team-a-api') &&
        heard(admin, 'team-b-api') &&
        heard(viewerAll, 'team-a-api') &&
        heard(viewerBoth, 'team-a-api')
      );
    }, 'the admin to hear both runs and the viewer its own');
    // One more round: anything the viewer would wrongly receive has had every chance to arrive.
    await poller.tick();

    for (const stream of [viewerAll, viewerBoth, viewerB]) {
      expect(stream.errors).toEqual([]);
      expect(stream.values.filter((e) => e.pipelineName !== 'team-a-api')).toEqual([]);
    }
    expect(viewerB.values).toEqual([]);
    expect(admin.values.filter((e) => e.pipelineName === 'team-b-api').length).toBeGreaterThan(0);
  });
});
