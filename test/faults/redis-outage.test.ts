import { randomUUID } from 'node:crypto';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { Redis } from 'ioredis';
import { simplePipeline } from '../support/declarations';
import { report } from '../support/verbose';
import { sleep, until } from '../support/faults';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../support/processes';
import { type RedisServerProcess, startRedisServer } from '../support/redis-server';

/**
 * A real gateway process on a private `redis-server`, under a steady load of
 * queries, while that Redis is killed with SIGKILL and, seconds later,
 * started again (empty) on the same port. Nothing is mocked: the gateway
 * finds out about the outage the way it would in production.
 */

jest.setTimeout(45_000);

const PIPELINES = ['outage-0', 'outage-1', 'outage-2', 'outage-3', 'outage-4'];
const QUERY = `query Load {
  pipelines(first: 10) { edges { node { name stages { name latestExecution { status } } } } }
}`;
const WORKERS = 20;
const WARM_MS = 2_000;
const OUTAGE_MS = 3_000;
const RECOVERY_DEADLINE_MS = 12_000;

type Phase = 'before' | 'outage' | 'after';

interface Outcome {
  phase: Phase;
  status: number;
  /** Every pipeline came back, with its stages. */
  complete: boolean;
  errorCodes: string[];
  /** Set when the request itself failed (connection refused, timeout). */
  failure?: string;
}

interface Readiness {
  status: 'ready' | 'degraded' | 'unready';
  checks: { upstream?: { ok: boolean }; redis?: { ok: boolean; error?: string } };
}

describe.each([
  ['behind the near cache', '20000'],
  ['read on every query (no near cache)', '0'],
])('a Redis killed under load, %s', (_label, nearCacheEntries) => {
  let emu: TestEmulator;
  let redisServer: RedisServerProcess;
  let gateway: GatewayProcess;
  let base: string;
  const prefix = `faults:${randomUUID()}:`;

  async function readiness(): Promise<{ httpStatus: number; body: Readiness }> {
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
    return { httpStatus: res.status, body: (await res.json()) as Readiness };
  }

  /** Keys of this gateway in the (new) Redis, read by a connection of the test's own. */
  async function keysUnderPrefix(): Promise<string[]> {
    const probe = new Redis(redisServer.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await probe.connect();
      return await probe.keys(`${prefix}*`);
    } catch {
      return [];
    } finally {
      probe.disconnect();
    }
  }

  beforeAll(async () => {
    [emu, redisServer] = await Promise.all([startTestEmulator(), startRedisServer(), ensureBuilt()]);
    for (const name of PIPELINES) {
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    emu.advance(30_000);
    gateway = await startGatewayProcess({
      CODEPIPELINE_ENDPOINT: emu.url,
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      // Live state goes stale every second, so the load keeps reading and writing Redis, not only memory.
      CACHE_TTL_STATE_SECONDS: '1',
      RESPONSE_CACHE_ENTRIES: '0',
      NEAR_CACHE_ENTRIES: nearCacheEntries,
      // The rate limiter's bucket lives in Redis too: on, but never binding.
      RATE_LIMIT_PER_SECOND: '1000000',
    });
    base = gateway.url.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await gateway?.stopped;
    await redisServer?.stop();
    await emu?.close();
  });

  it('keeps answering every query, reports degraded, and goes back to Redis by itself', async () => {
    const outcomes: Outcome[] = [];
    let phase: Phase = 'before';
    let running = true;

    const worker = async (): Promise<void> => {
      while (running) {
        const at = phase;
        try {
          const res = await fetch(gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: QUERY }),
            signal: AbortSignal.timeout(5_000),
          });
          const body = (await res.json()) as {
            data?: { pipelines?: { edges: { node: { name: string; stages: unknown[] } }[] } };
            errors?: { extensions?: { code?: string } }[];
          };
          const edges = body.data?.pipelines?.edges ?? [];
          outcomes.push({
            phase: at,
            status: res.status,
            complete:
              edges.length === PIPELINES.length && edges.every(({ node }) => node.stages.length === 2),
            errorCodes: (body.errors ?? []).map((e) => String(e.extensions?.code)),
          });
        } catch (err) {
          outcomes.push({ phase: at, status: 0, complete: false, errorCodes: [], failure: String(err) });
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, worker));

    await sleep(WARM_MS);
    const ready = await readiness();
    expect(ready).toMatchObject({
      httpStatus: 200,
      body: { status: 'ready', checks: { redis: { ok: true } } },
    });
    expect((await keysUnderPrefix()).length).toBeGreaterThan(0);

    await redisServer.kill('SIGKILL');
    phase = 'outage';
    const outageStarted = Date.now();
    const degraded = await until(
      'readiness to report degraded',
      async () => {
        const r = await readiness();
        return r.body.status === 'degraded' ? r : undefined;
      },
      OUTAGE_MS,
    );
    // Degraded is still ready for traffic (200): every replica shares this Redis, and all keep answering.
    expect(degraded.httpStatus).toBe(200);
    expect(degraded.body.checks.upstream?.ok).toBe(true);
    expect(degraded.body.checks.redis?.ok).toBe(false);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));

    await redisServer.restart();
    phase = 'after';
    const restartedAt = Date.now();
    // The new Redis is empty: keys under the prefix can only come from the gateway writing to it again.
    await until(
      'the gateway to write to the restarted Redis',
      async () => ((await keysUnderPrefix()).length > 0 ? true : undefined),
      RECOVERY_DEADLINE_MS,
    );
    const back = await until(
      'readiness to report ready again',
      async () => {
        const r = await readiness();
        return r.body.status === 'ready' ? r : undefined;
      },
      RECOVERY_DEADLINE_MS,
    );
    const recoveredInMs = Date.now() - restartedAt;
    expect(back.body.checks.redis?.ok).toBe(true);
    running = false;
    await load;

    const byPhase = (p: Phase): Outcome[] => outcomes.filter((o) => o.phase === p);
    report(
      `redis outage (near cache ${nearCacheEntries}): ${byPhase('before').length} queries before, ${byPhase('outage').length} during, ` +
        `${byPhase('after').length} after; back on Redis ${recoveredInMs} ms after its restart`,
    );
    expect(byPhase('before').length).toBeGreaterThan(WORKERS);
    expect(byPhase('outage').length).toBeGreaterThan(WORKERS);
    expect(byPhase('after').length).toBeGreaterThan(0);
    const bad = outcomes.filter(
      (o) => o.status !== 200 || !o.complete || o.errorCodes.length > 0 || o.failure !== undefined,
    );
    expect(bad.slice(0, 5)).toEqual([]);
    expect(gateway.output()).not.toMatch(/uncaught|unhandled/i);
    const alive = await fetch(`${base}/healthz`);
    expect(alive.status).toBe(200);
  });
});
