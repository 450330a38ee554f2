import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type RunningGateway } from '../../../src/server/gateway';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { connectTestRedis, REDIS_URL, type TestRedis } from '../../support/redis';
import { captureLogs, eventually, originOf, startObservedGateway } from './helpers';

let emu: TestEmulator;
let redis: TestRedis;
let gateway: RunningGateway;
let other: RunningGateway;

async function scrape(target: RunningGateway = gateway): Promise<string> {
  const res = await fetch(`${originOf(target)}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one sample: `name` with exactly these labels (in any order); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      found[pair[1] ?? ''] = pair[2] ?? '';
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([k, v]) => found[k] === v)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

async function query(body: { query: string; variables?: Record<string, unknown> }, target = gateway) {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: unknown[] } };
}

const LIST = { query: 'query Fleet { pipelines(first: 10) { nodes { name } } }' };

beforeAll(async () => {
  emu = await startTestEmulator();
  redis = await connectTestRedis();
  for (const name of ['metrics-a', 'metrics-b', 'metrics-c']) {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
  }
  const env = { REDIS_URL, REDIS_KEY_PREFIX: redis.prefix, RESPONSE_CACHE_ENTRIES: '0' };
  gateway = await startObservedGateway(emu.url, captureLogs('info'), { env });
  other = await startObservedGateway(emu.url, captureLogs('info'));
});

afterAll(async () => {
  await gateway.close();
  await other.close();
  await redis.cleanup();
  await emu.close();
});

describe('/metrics', () => {
  it('times GraphQL requests by operation name and type', async () => {
    expect((await query(LIST)).status).toBe(200);
    expect((await query(LIST)).status).toBe(200);
    const text = await scrape();
    expect(
      sample(text, 'cpgw_graphql_request_duration_seconds_count', { operation: 'Fleet', type: 'query' }),
    ).toBe(2);
    expect(sample(text, 'cpgw_http_requests_total', { route: '/graphql', status: '200' })).toBe(2);
  });

  it('counts upstream calls by CodePipeline operation and outcome, and cache reads by kind and outcome', async () => {
    await query({ query: '{ pipeline(name: "metrics-a") { name } }' });
    await query({ query: '{ pipeline(name: "metrics-a") { name } }' });
    await query({
      query: 'mutation { startPipelineExecution(input: { name: "metrics-b" }) { pipeline { name } } }',
    });
    await query({
      query: 'mutation { startPipelineExecution(input: { name: "no-such-pipeline" }) { pipeline { name } } }',
    });
    const text = await scrape();
    expect(
      sample(text, 'cpgw_upstream_calls_total', { operation: 'ListPipelines', outcome: 'success' }),
    ).toBe(1);
    expect(sample(text, 'cpgw_upstream_calls_total', { operation: 'GetPipeline', outcome: 'success' })).toBe(
      1,
    );
    expect(
      sample(text, 'cpgw_upstream_calls_total', { operation: 'StartPipelineExecution', outcome: 'success' }),
    ).toBe(1);
    expect(
      sample(text, 'cpgw_upstream_calls_total', {
        operation: 'StartPipelineExecution',
        outcome: 'NOT_FOUND',
      }),
    ).toBe(1);
    expect(sample(text, 'cpgw_upstream_call_duration_seconds_count', { operation: 'GetPipeline' })).toBe(1);
    expect(sample(text, 'cpgw_cache_reads_total', { kind: 'pipelines', outcome: 'miss' })).toBe(1);
    expect(sample(text, 'cpgw_cache_reads_total', { kind: 'pipelines', outcome: 'hit' })).toBe(1);
    expect(sample(text, 'cpgw_cache_reads_total', { kind: 'pipeline', outcome: 'miss' })).toBe(1);
    expect(sample(text, 'cpgw_cache_reads_total', { kind: 'pipeline', outcome: 'hit' })).toBe(1);
    expect(sample(text, 'cpgw_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
  });

  it('counts throttles the upstream answered with, as THROTTLED calls and as throttles seen', async () => {
    const before = await scrape();
    expect(sample(before, 'cpgw_throttles_total', { source: 'upstream' })).toBe(0);
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    try {
      const res = await query({ query: '{ pipeline(name: "metrics-c") { name } }' });
      expect(JSON.stringify(res.body.errors)).toContain('THROTTLED');
    } finally {
      await emu.admin('/_emulator/faults', {});
    }
    const text = await scrape();
    expect(
      sample(text, 'cpgw_upstream_calls_total', { operation: 'GetPipeline', outcome: 'THROTTLED' }),
    ).toBe(1);
    expect(sample(text, 'cpgw_throttles_total', { source: 'upstream' })).toBe(1);
    expect(sample(text, 'cpgw_throttles_total', { source: 'poller' })).toBe(0);
  });

  it('reports active subscriptions while they are open, and none once they end', async () => {
    const client = createClient({
      url: gateway.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const stop = client.subscribe(
      { query: 'subscription { pipelineEvents(filter: { pipelineNames: ["metrics-a"] }) { kind } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    let text = '';
    await eventually(async () => {
      text = await scrape();
      return sample(text, 'cpgw_active_subscriptions') === 1;
    }, 'one active subscription');
    expect(sample(text, 'cpgw_websocket_connections')).toBe(1);
    stop();
    await eventually(async () => sample(await scrape(), 'cpgw_active_subscriptions') === 0, 'none active');
    await client.dispose();
    await eventually(async () => sample(await scrape(), 'cpgw_websocket_connections') === 0, 'no sockets');
  });

  it("reports the poller's lease holder and its lag", async () => {
    await eventually(() => gateway.live.lease.held, 'the lease');
    const text = await scrape();
    expect(sample(text, 'cpgw_poller_lease_held', { holder: gateway.live.lease.holderId })).toBe(1);
    const lag = sample(text, 'cpgw_poller_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60);
    expect(sample(text, 'cpgw_poller_polls_total')).toBe(gateway.live.poller.stats.polls);
    expect(sample(text, 'cpgw_poller_watched_pipelines')).toBe(gateway.live.poller.scheduled.length);
  });

  it('keeps the numbers of each gateway in its own registry', async () => {
    const text = await scrape(other);
    expect(
      sample(text, 'cpgw_graphql_request_duration_seconds_count', { operation: 'Fleet', type: 'query' }),
    ).toBe(undefined);
    expect(sample(text, 'cpgw_upstream_calls_total', { operation: 'GetPipeline', outcome: 'success' })).toBe(
      undefined,
    );
    expect(sample(text, 'cpgw_process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('answers only GET and HEAD', async () => {
    const res = await fetch(`${originOf(gateway)}/metrics`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
