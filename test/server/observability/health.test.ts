import { ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { Redis } from 'ioredis';
import { type RunningGateway } from '../../../src/server/gateway';
import { HealthChecks } from '../../../src/server/observability/health';
import { Upstream } from '../../../src/upstream/upstream';
import { Lifecycle } from '../../../src/server/observability/lifecycle';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { connectTestRedis, REDIS_URL, type TestRedis } from '../../support/redis';
import { captureLogs, originOf, startObservedGateway } from './helpers';

let emu: TestEmulator;
let redis: TestRedis;
let gateway: RunningGateway;

async function probe(path: '/healthz' | '/readyz', target: RunningGateway = gateway) {
  const res = await fetch(`${originOf(target)}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A readiness probe through the upstream module, as the gateway makes it: ListPipelines of one, within the budget. */
function probeOf(url: string): { probe(signal: AbortSignal): Promise<void>; destroy(): void } {
  const upstream = new Upstream({
    maxAttempts: 1,
    requestTimeoutMs: 5_000,
    maxSockets: 4,
    callsPerSecond: 10,
  });
  const target = { accountId: '123456789012', region: 'us-east-1', endpoint: url };
  upstream.register({
    target,
    credentials: () => Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' }),
  });
  return {
    probe: async (signal) => {
      await upstream.call(target, new ListPipelinesCommand({ maxResults: 1 }), {
        priority: 'interactive',
        signal,
      });
    },
    destroy: () => upstream.close(),
  };
}

function servingLifecycle(): Lifecycle {
  const lifecycle = new Lifecycle();
  lifecycle.moveTo('serving');
  return lifecycle;
}

beforeAll(async () => {
  emu = await startTestEmulator();
  redis = await connectTestRedis();
  gateway = await startObservedGateway(emu.url, captureLogs('info'), {
    env: { REDIS_URL, REDIS_KEY_PREFIX: redis.prefix },
  });
});

afterAll(async () => {
  await gateway.close();
  await redis.cleanup();
  await emu.close();
});

describe('/healthz', () => {
  it('answers 200 while the process runs', async () => {
    expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok', lifecycle: 'serving' } });
  });
});

describe('/readyz', () => {
  it('is ready when CodePipeline and Redis both answer, and says how each check went', async () => {
    const { status, body } = await probe('/readyz');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ready',
      lifecycle: 'serving',
      checks: { upstream: { ok: true }, redis: { ok: true } },
    });
  });

  it('asks CodePipeline at most once per few seconds, however often it is probed', async () => {
    await probe('/readyz');
    const before = (await emu.stats()).ListPipelines ?? 0;
    await Promise.all(Array.from({ length: 20 }, () => probe('/readyz')));
    expect((await emu.stats()).ListPipelines ?? 0).toBe(before);
  });

  it('is unready (503) when CodePipeline is not listening', async () => {
    const down = await startTestEmulator();
    const url = down.url;
    await down.close();
    const client = probeOf(url);
    const health = new HealthChecks({ probe: client.probe, lifecycle: servingLifecycle(), timeoutMs: 1_000 });
    const { httpStatus, body } = await health.readiness();
    client.destroy();
    expect(httpStatus).toBe(503);
    expect(body).toMatchObject({ status: 'unready', checks: { upstream: { ok: false } } });
  });

  it('is unready (503) when CodePipeline answers with server errors, naming the code', async () => {
    const failing = await startTestEmulator();
    await failing.admin('/_emulator/faults', { errorRate: 1 });
    const client = probeOf(failing.url);
    const health = new HealthChecks({ probe: client.probe, lifecycle: servingLifecycle() });
    const { httpStatus, body } = await health.readiness();
    client.destroy();
    await failing.close();
    expect(httpStatus).toBe(503);
    expect(body).toMatchObject({
      status: 'unready',
      checks: { upstream: { ok: false, error: 'UPSTREAM_UNAVAILABLE' } },
    });
  });

  it('is unready (503) when CodePipeline hangs past the check timeout', async () => {
    const hanging = await startTestEmulator();
    await hanging.admin('/_emulator/faults', { hangRate: 1 });
    const client = probeOf(hanging.url);
    const health = new HealthChecks({ probe: client.probe, lifecycle: servingLifecycle(), timeoutMs: 300 });
    const started = Date.now();
    const { httpStatus, body } = await health.readiness();
    expect(Date.now() - started).toBeLessThan(2_000);
    client.destroy();
    await hanging.admin('/_emulator/faults', {});
    await hanging.close();
    expect(httpStatus).toBe(503);
    expect(body.checks.upstream).toMatchObject({ ok: false, error: 'TIMEOUT' });
  });

  it('reports degraded, still 200, when Redis is unreachable: queries go on without it', async () => {
    const lost = new Redis(REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    await lost.connect();
    lost.disconnect();
    const health = new HealthChecks({
      probe: probeOf(emu.url).probe,
      redis: lost,
      lifecycle: servingLifecycle(),
    });
    const { httpStatus, body } = await health.readiness();
    expect(httpStatus).toBe(200);
    expect(body).toMatchObject({
      status: 'degraded',
      checks: {
        upstream: { ok: true },
        redis: { ok: false, error: expect.any(String) },
      },
    });
  });

  it('is unready (503) while the gateway drains, and /healthz still answers', async () => {
    const draining = await startObservedGateway(emu.url, captureLogs('info'));
    draining.observability.lifecycle.moveTo('draining');
    expect(await probe('/readyz', draining)).toEqual({
      status: 503,
      body: { status: 'unready', lifecycle: 'draining', checks: {} },
    });
    expect((await probe('/healthz', draining)).status).toBe(200);
    await draining.close();
    expect(draining.observability.lifecycle.state).toBe('stopped');
  });
});
