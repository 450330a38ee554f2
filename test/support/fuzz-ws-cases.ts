import { type Draw } from './fuzz-http-cases';

/**
 * Hostile and malformed graphql-ws conversations for the fuzz test
 * (test/faults/hostile-input.test.ts): frames a well-behaved client never
 * sends, in orders it never uses.
 */

/** A frame to send: text, or binary. */
export interface WsFrame {
  data: string | Buffer;
  binary?: boolean;
  /** Wait for `connection_ack` (or the close) before sending the next frame, as real clients do. */
  awaitAck?: boolean;
}

/** One WebSocket conversation: connect with `protocol`, send `frames` in order, then listen. */
export interface WsCase {
  kind: 'ws';
  category: string;
  /** The subprotocol offered; undefined offers none. */
  protocol?: string;
  frames: WsFrame[];
}

/** Everything the WebSocket case builders need. */
export interface WsCaseContext {
  draw: Draw;
  /** A valid `Authorization` value for `connection_init`. */
  authorization: string;
  /** WS_MAX_MESSAGE_BYTES of the gateway under test. */
  maxMessageBytes: number;
  /** WS_MAX_SUBSCRIPTIONS of the gateway under test. */
  maxSubscriptions: number;
}

const PROTOCOL = 'graphql-transport-ws';
const SUBSCRIPTION = 'subscription { pipelineEvents { cursor kind pipelineName } }';

const text = (value: unknown): WsFrame => ({
  data: typeof value === 'string' ? value : JSON.stringify(value),
});

/** A `connection_init`; with the default (valid) credential, the next frame waits for the ack. */
function init(ctx: WsCaseContext, payload?: unknown): WsFrame {
  if (payload !== undefined) return text({ type: 'connection_init', payload });
  return {
    ...text({ type: 'connection_init', payload: { Authorization: ctx.authorization } }),
    awaitAck: true,
  };
}

function subscribe(id: unknown, query: unknown = SUBSCRIPTION, variables?: unknown): WsFrame {
  return text({ id, type: 'subscribe', payload: { query, variables } });
}

function conversation(category: string, frames: WsFrame[], protocol: string | undefined = PROTOCOL): WsCase {
  return { kind: 'ws', category, protocol, frames };
}

function randomText(draw: Draw, length: number): string {
  return draw.nastyString(length);
}

function randomBytes(draw: Draw, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let k = 0; k < length; k++) bytes[k] = draw.int(0, 255);
  return bytes;
}

/** Every WebSocket case, in a fixed order for a given seed. */
export function wsCases(ctx: WsCaseContext): WsCase[] {
  const { draw } = ctx;
  const cases: WsCase[] = [];
  const add = (category: string, frames: WsFrame[], protocol?: string): void => {
    cases.push(conversation(category, frames, protocol ?? PROTOCOL));
  };

  for (const bad of ['not json', '{', '{"type":', '[]', 'null', '42', '"connection_init"', '']) {
    add('ws-invalid-json', [init(ctx), text(bad)]);
    add('ws-invalid-json', [text(bad)]);
  }
  for (let i = 0; i < 4; i++) add('ws-invalid-json', [init(ctx), text(randomText(draw, draw.int(1, 2_000)))]);

  const unknown: unknown[] = [
    { type: 'nope' },
    { type: 5 },
    {},
    { type: 'next', id: '1', payload: {} },
    { type: 'error', id: '1', payload: [] },
    { type: 'connection_ack' },
    { type: 'pong', payload: 'x' },
    { type: 'ping', payload: [1, 2] },
    { type: 'complete', id: 'never-subscribed' },
    { type: 'complete' },
    { type: 'start', id: '1', payload: { query: SUBSCRIPTION } },
  ];
  for (const message of unknown) add('ws-unknown-type', [init(ctx), text(message)]);
  add('ws-unknown-type', [text({ type: 'nope' })]);

  const big = ctx.maxMessageBytes + draw.int(1, ctx.maxMessageBytes);
  add('ws-huge-frame', [init(ctx), text('x'.repeat(big))]);
  add('ws-huge-frame', [text('x'.repeat(big))]);
  add('ws-huge-frame', [init(ctx), subscribe('1', `${SUBSCRIPTION} ${'#'.repeat(big)}`)]);
  add('ws-huge-frame', [
    init(ctx),
    subscribe('1', `{ ${'gateway { version } '.repeat(Math.floor((ctx.maxMessageBytes - 200) / 20))} }`),
  ]);
  add('ws-huge-frame', [init(ctx), { data: randomBytes(draw, big), binary: true }]);

  add('ws-binary', [
    {
      data: Buffer.from(
        JSON.stringify({ type: 'connection_init', payload: { Authorization: ctx.authorization } }),
      ),
      binary: true,
    },
  ]);
  add('ws-binary', [
    init(ctx),
    {
      data: Buffer.from(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } })),
      binary: true,
    },
  ]);
  for (let i = 0; i < 4; i++)
    add('ws-binary', [init(ctx), { data: randomBytes(draw, draw.int(1, 4_000)), binary: true }]);
  add('ws-binary', [{ data: randomBytes(draw, 64), binary: true }]);

  add('ws-before-init', [subscribe('1')]);
  add('ws-before-init', [subscribe('1'), init(ctx)]);
  add('ws-before-init', [text({ type: 'complete', id: '1' })]);
  add('ws-before-init', [text({ type: 'ping' })]);
  add('ws-before-init', []);

  for (const n of [ctx.maxSubscriptions + 1, ctx.maxSubscriptions * 3, 200]) {
    add('ws-many-subscribes', [init(ctx), ...Array.from({ length: n }, (_, k) => subscribe(`s${k}`))]);
  }
  add('ws-many-subscribes', [init(ctx), subscribe('same'), subscribe('same'), subscribe('same')]);
  add('ws-many-subscribes', [
    init(ctx),
    ...Array.from({ length: 50 }, (_, k) => [
      subscribe(`c${k}`),
      text({ type: 'complete', id: `c${k}` }),
    ]).flat(),
  ]);

  const badInits: unknown[] = [
    undefined,
    null,
    [],
    'Bearer x',
    42,
    { Authorization: 'Bearer wrong-key-that-is-long-enough-to-look-real' },
    { Authorization: `Bearer ${'A'.repeat(30_000)}` },
    { authorization: 5 },
    { headers: { Authorization: ctx.authorization } },
    { headers: 'x' },
  ];
  for (const payload of badInits) {
    const frame = payload === undefined ? text({ type: 'connection_init' }) : init(ctx, payload);
    add('ws-bad-init', [frame, subscribe('1')]);
  }
  add('ws-bad-init', [init(ctx), init(ctx)]);
  add('ws-bad-init', [
    text({
      type: 'connection_init',
      payload: { Authorization: ctx.authorization },
      extra: 'x'.repeat(1_000),
    }),
  ]);

  const badSubscribes: WsFrame[] = [
    subscribe('1', '{'),
    subscribe('1', 'subscription { nope }'),
    subscribe('1', '{ gateway { version } }'),
    subscribe('1', 'mutation { startPipelineExecution(input: { name: "none" }) { pipelineExecutionId } }'),
    subscribe('1', 'subscription { pipelineEvents { cursor } } subscription { pipelineEvents { kind } }'),
    subscribe('1', 'subscription S($f: PipelineEventFilter) { pipelineEvents(filter: $f) { cursor } }', {
      f: 5,
    }),
    subscribe(
      '1',
      `subscription { ${'... on Subscription { '.repeat(200)}pipelineEvents { cursor }${' }'.repeat(200)} }`,
    ),
    subscribe(
      '1',
      `subscription { pipelineEvents { ${'pipeline { executions(first: 100) { nodes { pipeline { '.repeat(5)}name${' } } } }'.repeat(5)} } }`,
    ),
    // Written out: JSON.stringify itself overflows the stack on it.
    text(
      `{"id":"1","type":"subscribe","payload":{"query":"${SUBSCRIPTION}","variables":{"f":${'['.repeat(7_000)}${']'.repeat(7_000)}}}}`,
    ),
    subscribe('1', 5),
    subscribe('1', null),
    subscribe(5),
    subscribe(''),
    subscribe('x'.repeat(10_000)),
    text({ type: 'subscribe', payload: { query: SUBSCRIPTION } }),
    text({ id: '1', type: 'subscribe' }),
    text({ id: '1', type: 'subscribe', payload: 'x' }),
  ];
  for (const frame of badSubscribes) add('ws-bad-subscribe', [init(ctx), frame]);

  add('ws-protocol', [init(ctx), subscribe('1')], 'graphql-ws');
  add('ws-protocol', [init(ctx), subscribe('1')], 'nope');
  cases.push(conversation('ws-protocol', [init(ctx), subscribe('1')], undefined));
  return cases;
}
