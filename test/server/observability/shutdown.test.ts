import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { connect } from 'node:net';
import { pino } from 'pino';
import WebSocket from 'ws';
import { handleShutdownSignals } from '../../../src/server/observability/shutdown';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../../support/processes';
import { connectTestRedis, REDIS_URL, type TestRedis } from '../../support/redis';
import { eventually } from './helpers';

/**
 * Graceful shutdown, proven on a real gateway process (`node
 * dist/server/main.js`) reading an emulator in this process, whose latency
 * keeps a query in flight while the signal arrives.
 */

let emu: TestEmulator;
let redis: TestRedis;
const started: GatewayProcess[] = [];

const SLOW_QUERY = JSON.stringify({ query: 'query Slow { pipelines(first: 5) { nodes { name } } }' });

/** Starts a gateway process with a Redis key prefix of its own (under the test's), so no cache is shared. */
async function start(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const proc = await startGatewayProcess({
    CODEPIPELINE_ENDPOINT: emu.url,
    AWS_MAX_ATTEMPTS: '1',
    REDIS_URL,
    REDIS_KEY_PREFIX: `${redis.prefix}${started.length}:`,
    LOG_LEVEL: 'info',
    ...env,
  });
  started.push(proc);
  return proc;
}

async function leaseKeys(): Promise<string[]> {
  return redis.redis.keys(`${redis.prefix}*poller-lease:*`);
}

/** Whether a fresh TCP connection to the gateway's port is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** A graphql-ws connection, acknowledged; resolves its close code when the server closes it. */
async function openSocket(url: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve();
    });
    socket.once('error', reject);
  });
  return { closed };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

beforeAll(async () => {
  await ensureBuilt();
  emu = await startTestEmulator();
  redis = await connectTestRedis();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('drain-me') }));
}, 240_000);

afterEach(async () => {
  await emu.admin('/_emulator/faults', {});
});

afterAll(async () => {
  for (const proc of started) proc.kill('SIGKILL');
  await Promise.all(started.map((p) => p.stopped));
  await redis?.cleanup();
  await emu?.close();
});

describe('graceful shutdown of a real gateway process', () => {
  it('finishes the in-flight query, refuses new connections, closes sockets with 1001, releases the lease and exits 0', async () => {
    const proc = await start();
    await eventually(async () => (await leaseKeys()).length === 1, 'the poller to take its lease');
    const socket = await openSocket(proc.url);
    await emu.admin('/_emulator/faults', { latencyMs: 1_500 });

    const inFlight = fetch(proc.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SLOW_QUERY,
    });
    await sleep(300);
    proc.kill('SIGTERM');

    expect(await socket.closed).toBe(1001);
    await eventually(() => refused(proc.url), 'new connections to be refused', 1_000);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: { pipelines: { nodes: [{ name: 'drain-me' }] } },
      extensions: expect.anything(),
    });
    expect(await proc.stopped).toEqual({ code: 0, signal: null });
    expect(await leaseKeys()).toEqual([]);
    const lines = proc
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; lifecycle?: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'signal received: draining',
        'gateway draining',
        'gateway stopped',
        'drained: exiting',
      ]),
    );
  });

  it('exits at once, code 1, on a second signal during the drain', async () => {
    const proc = await start();
    await emu.admin('/_emulator/faults', { hangRate: 1 });
    const inFlight = fetch(proc.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SLOW_QUERY,
    }).catch(() => 'cut');
    await sleep(300);
    proc.kill('SIGTERM');
    await sleep(200);
    const secondAt = Date.now();
    proc.kill('SIGTERM');
    expect(await proc.stopped).toEqual({ code: 1, signal: null });
    expect(Date.now() - secondAt).toBeLessThan(2_000);
    expect(await inFlight).toBe('cut');
  });

  it('ends a drain that outlasts SHUTDOWN_TIMEOUT_MS within that budget', async () => {
    const proc = await start({ SHUTDOWN_TIMEOUT_MS: '1500' });
    await emu.admin('/_emulator/faults', { hangRate: 1 });
    const inFlight = fetch(proc.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SLOW_QUERY,
    }).catch(() => 'cut');
    await sleep(300);
    const signalledAt = Date.now();
    proc.kill('SIGTERM');
    await proc.stopped;
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
    expect(await inFlight).toBe('cut');
  });
});

describe('the shutdown handler', () => {
  function harness(close: () => Promise<void>) {
    const listeners = new Map<string, () => void>();
    const exits: number[] = [];
    handleShutdownSignals(
      { close },
      {
        logger: pino({ level: 'silent' }),
        timeoutMs: 200,
        exit: (code) => exits.push(code),
        on: (signal, listener) => listeners.set(signal, listener),
      },
    );
    return { signal: (name: string) => listeners.get(name)?.(), exits };
  }

  it('exits 0 once the gateway has closed', async () => {
    const { signal, exits } = harness(async () => undefined);
    signal('SIGTERM');
    await eventually(() => exits.length > 0, 'the exit');
    expect(exits).toEqual([0]);
  });

  it('exits 1 when the drain outlives its timeout', async () => {
    const { signal, exits } = harness(() => new Promise(() => undefined));
    signal('SIGINT');
    await eventually(() => exits.length > 0, 'the forced exit');
    expect(exits).toEqual([1]);
  });

  it('exits 1 when closing fails', async () => {
    const { signal, exits } = harness(() => Promise.reject(new Error('redis gone')));
    signal('SIGTERM');
    await eventually(() => exits.length > 0, 'the exit');
    expect(exits).toEqual([1]);
  });
});
