import { type ChildProcess, spawn } from 'node:child_process';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../support/processes';
import { connectTestRedis, REDIS_URL, type TestRedis } from '../support/redis';
import { type ComposeService, loadCompose, ROOT } from './load';

/**
 * docker-compose.yml's topology without Docker: its emulator command and its
 * two gateway replicas, each a real `node dist/...` process started with the
 * environment compose gives it (production mode, AUTH_MODE=none), on the
 * test Redis. Only what Docker provides changes: addresses (loopback, port 0
 * instead of service names) and a Redis key prefix of this run's own.
 */

jest.setTimeout(60_000);

const { services } = loadCompose();

interface EmulatorProcess {
  url: string;
  child: ChildProcess;
}

/** Runs the compose emulator service's command with its environment, on a loopback port of its own. */
function startComposeEmulator(service: ComposeService): Promise<EmulatorProcess> {
  const [command, ...args] = service.command ?? [];
  expect(command).toBe('node');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...service.environment, EMULATOR_PORT: '0', EMULATOR_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator printed no URL:\n${out}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolvePromise({ url, child });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code}):\n${out}`));
    });
  });
}

const PIPELINES = '{ pipelines(first: 5) { edges { node { name } } } }';

interface Answer {
  status: number;
  data?: { pipelines: { edges: { node: { name: string } }[] } };
  errors?: unknown[];
  extensions?: { upstream?: { calls: number } };
}

async function query(gateway: GatewayProcess, text: string): Promise<Answer> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

/** The path and port compose's healthcheck probes, asked of a replica started on another port. */
async function healthcheck(gateway: GatewayProcess, service: ComposeService): Promise<Response> {
  const probe = (service.healthcheck?.test ?? []).join(' ');
  const path = /http:\/\/127\.0\.0\.1:\d+(\/\w+)/.exec(probe)?.[1] ?? '(none)';
  return fetch(new URL(path, gateway.url));
}

describe("docker-compose.yml's topology, run as plain processes", () => {
  let redis: TestRedis;
  let emulator: EmulatorProcess;
  const replicas: GatewayProcess[] = [];
  const names = ['gateway-1', 'gateway-2'];

  beforeAll(async () => {
    await ensureBuilt();
    redis = await connectTestRedis();
    emulator = await startComposeEmulator(services.emulator ?? {});
    for (const name of names) {
      const composeEnv = services[name]?.environment ?? {};
      // Docker's addresses become the test's: the emulator process and the test Redis under its own prefix.
      expect(composeEnv.CODEPIPELINE_ENDPOINT).toMatch(/^http:\/\/emulator:/);
      expect(composeEnv.REDIS_URL).toMatch(/^redis:\/\/redis:/);
      replicas.push(
        await startGatewayProcess({
          ...composeEnv,
          CODEPIPELINE_ENDPOINT: emulator.url,
          REDIS_URL,
          REDIS_KEY_PREFIX: redis.prefix,
        }),
      );
    }
  }, 90_000);

  afterAll(async () => {
    for (const replica of replicas) replica.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.stopped));
    emulator?.child.kill('SIGKILL');
    await redis?.cleanup();
  });

  it('boots both replicas in production mode with authentication off on purpose, and says so', () => {
    for (const replica of replicas) {
      expect(replica.output()).toContain('cache: Redis (shared by every replica)');
      expect(replica.output()).toMatch(/auth: NONE \(AUTH_MODE=none\)/);
    }
  });

  it("reports each replica healthy on compose's healthcheck, with Redis reachable", async () => {
    for (const [i, replica] of replicas.entries()) {
      const res = await healthcheck(replica, services[names[i] ?? ''] ?? {});
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; checks: { redis?: { ok: boolean } } };
      expect(body).toMatchObject({ status: 'ready', checks: { redis: { ok: true } } });
    }
  });

  it('answers a query through either replica, the second from the cache the first filled in Redis', async () => {
    const [first, second] = replicas as [GatewayProcess, GatewayProcess];
    const cold = await query(first, PIPELINES);
    expect(cold.errors).toBeUndefined();
    expect(cold.data?.pipelines.edges.length).toBe(5);
    const warm = await query(second, PIPELINES);
    expect(warm.errors).toBeUndefined();
    expect(warm.data).toEqual(cold.data);
    expect(warm.extensions?.upstream?.calls).toBe(0);
  });

  it('lets a replica leave on one SIGTERM, exiting 0, while the other keeps answering', async () => {
    const [first, second] = replicas as [GatewayProcess, GatewayProcess];
    second.kill('SIGTERM');
    expect(await second.stopped).toEqual({ code: 0, signal: null });
    const answer = await query(first, PIPELINES);
    expect(answer.status).toBe(200);
    expect(answer.data?.pipelines.edges.length).toBe(5);
  });
});
