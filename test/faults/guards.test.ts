import WebSocket from 'ws';
import { jsonTooDeep, MAX_JSON_DEPTH, searchTooDeep } from '../../src/server/json-depth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';

/**
 * The guards the fuzz test (hostile-input.test.ts) made necessary, each
 * pinned down on its own: JSON nested deeply enough to overflow the stack of
 * whatever walks it after parsing, and graphql-ws frames that graphql-ws
 * itself answers with a 4500 "internal error" close.
 */

describe('the JSON depth guard', () => {
  it('counts nesting outside strings only, escapes included', () => {
    expect(jsonTooDeep('{"query":"{ a { b { c } } }"}', 1)).toBe(false);
    expect(jsonTooDeep('{"a":{"b":1}}', 1)).toBe(true);
    expect(jsonTooDeep('{"a":"\\"[[[[","b":[]}', 2)).toBe(false);
    expect(jsonTooDeep(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBe(false);
    expect(jsonTooDeep(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toBe(true);
  });

  it('reads the variables and extensions of a GET', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1);
    expect(searchTooDeep(new URLSearchParams({ query: deep }))).toBe(false);
    expect(searchTooDeep(new URLSearchParams({ variables: deep }))).toBe(true);
    expect(searchTooDeep(new URLSearchParams({ extensions: deep }))).toBe(true);
  });
});

describe('a gateway in front of hostile requests', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    emu = await startTestEmulator();
    gateway = await startTestGateway(emu.url);
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  it('refuses a body nested 50,000 levels deep with 400 BAD_REQUEST instead of a 500', async () => {
    const depth = 50_000;
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"{ gateway { version } }","variables":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels`, extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });

  it('answers an operationName that names no operation with 400, not 500', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query A { gateway { version } }', operationName: 'B' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  /** Opens an acknowledged graphql-ws connection, sends `frame`, and collects what follows. */
  async function afterInit(frame: string): Promise<{ closeCode?: number; messages: unknown[] }> {
    const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), ['graphql-transport-ws']);
    const messages: unknown[] = [];
    let acked!: () => void;
    const ack = new Promise<void>((r) => (acked = r));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') acked();
      else messages.push(message);
    });
    const closed = new Promise<number>((r) => socket.on('close', (code) => r(code)));
    await new Promise((r) => socket.on('open', r));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await ack;
    socket.send(frame);
    const closeCode = await Promise.race([
      closed,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 500)),
    ]);
    socket.close();
    await closed;
    return { closeCode, messages };
  }

  it.each(['next', 'error', 'connection_ack'])(
    'closes a socket whose client sends the server-only %s message with 4400, not 4500',
    async (type) => {
      const { closeCode } = await afterInit(JSON.stringify({ type, id: '1', payload: {} }));
      expect(closeCode).toBe(4400);
    },
  );

  it('answers a subscribe that does not parse with a coded error and keeps the socket open', async () => {
    const { closeCode, messages } = await afterInit(
      JSON.stringify({ id: 's1', type: 'subscribe', payload: { query: 'subscription {' } }),
    );
    expect(closeCode).toBeUndefined();
    expect(messages).toEqual([
      {
        id: 's1',
        type: 'error',
        payload: [expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })],
      },
    ]);
  });

  it('codes the validation errors graphql-ws reports', async () => {
    const { messages } = await afterInit(
      JSON.stringify({ id: 's2', type: 'subscribe', payload: { query: 'subscription { nope }' } }),
    );
    expect(messages).toEqual([
      {
        id: 's2',
        type: 'error',
        payload: [expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })],
      },
    ]);
  });
});
