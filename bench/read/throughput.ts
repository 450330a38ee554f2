import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SERVERS, startChild, type ChildServer } from '../lib/child';
import { DASHBOARD, type DashboardData } from '../lib/dashboard';
import { requestBody } from '../lib/graphql';
import { round } from '../lib/stats';
import { startGatewayChild } from './children';
import { type Context } from './context';
import { dashboard } from './dashboard-query';
import {
  BEFORE_GATEWAY,
  CONNECTIONS,
  DURATION_S,
  GATEWAY_NODE_ARGS,
  LONG_TTLS,
  ROUNDS,
  WARMUP_S,
} from './settings';

/** One server's warm throughput, summed or averaged over the rounds, with each round kept. */
export interface ThroughputResult {
  /** Mean over rounds. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  totalRequests: number;
  non2xx: number;
  errors: number;
  /** Upstream calls the server made during the measured runs (0: every request was served warm). */
  upstreamCalls?: number;
  rounds: { requestsPerSecond: number; latencyP50Ms: number; latencyP99Ms: number }[];
}

interface LoadTarget {
  name: string;
  url: string;
  countUpstream: boolean;
}

function load(url: string, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody(DASHBOARD),
    connections: CONNECTIONS,
    duration: durationS,
  });
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * 2. Warm throughput. Every server is started and warmed first, then measured
 * in turn, round after round, so a burst of load from elsewhere on the machine
 * hits all of them rather than one.
 */
export async function benchThroughput(
  ctx: Context,
  data: DashboardData,
): Promise<Record<string, ThroughputResult>> {
  const dataFile = join(tmpdir(), `bench-dashboard-${process.pid}.json`);
  writeFileSync(dataFile, JSON.stringify(data));
  const servers: ChildServer[] = [];
  try {
    const baseline = await startChild('baseline', SERVERS.baseline, { BENCH_BASELINE_DATA: dataFile });
    servers.push(baseline);
    const targets: LoadTarget[] = [
      { name: 'baseline (static Apollo)', url: baseline.url, countUpstream: false },
    ];
    for (const cache of ['memory', 'redis'] as const) {
      const gateway = await startGatewayChild(ctx, cache, LONG_TTLS, GATEWAY_NODE_ARGS);
      servers.push(gateway);
      targets.push({ name: `gateway (${cache})`, url: gateway.url, countUpstream: true });
    }
    // The execution path alone: every request resolved through loaders and the data cache, none reused whole.
    for (const cache of ['memory', 'redis'] as const) {
      const env = { ...LONG_TTLS, RESPONSE_CACHE_ENTRIES: '0' };
      const gateway = await startGatewayChild(ctx, cache, env, GATEWAY_NODE_ARGS);
      servers.push(gateway);
      targets.push({ name: `gateway (${cache}, no response cache)`, url: gateway.url, countUpstream: true });
    }
    if (BEFORE_GATEWAY !== '') {
      // The other build, memory cache, with and without the response cache: before and after in the same rounds.
      for (const env of [LONG_TTLS, { ...LONG_TTLS, RESPONSE_CACHE_ENTRIES: '0' }]) {
        const gateway = await startGatewayChild(ctx, 'memory', env, GATEWAY_NODE_ARGS, BEFORE_GATEWAY);
        servers.push(gateway);
        const suffix = env === LONG_TTLS ? '' : ', no response cache';
        targets.push({ name: `before: gateway (memory${suffix})`, url: gateway.url, countUpstream: true });
      }
    }
    for (const target of targets) {
      await dashboard(target.url); // checks the answer and fills the gateway's cache
      await load(target.url, WARMUP_S);
    }
    const runs = new Map<string, { result: autocannon.Result; upstream: number }[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of targets) {
        await ctx.admin.resetStats();
        const result = await load(target.url, DURATION_S);
        const upstream = (await ctx.admin.stats()).total;
        runs.set(target.name, [...(runs.get(target.name) ?? []), { result, upstream }]);
      }
    }
    return Object.fromEntries(
      targets.map((target) => {
        const rs = runs.get(target.name) ?? [];
        const rounds = rs.map(({ result }) => ({
          requestsPerSecond: round(result.requests.average, 1),
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
        }));
        const summary: ThroughputResult = {
          requestsPerSecond: round(mean(rounds.map((r) => r.requestsPerSecond)), 1),
          latencyP50Ms: round(mean(rounds.map((r) => r.latencyP50Ms)), 1),
          latencyP99Ms: round(mean(rounds.map((r) => r.latencyP99Ms)), 1),
          totalRequests: rs.reduce((n, { result }) => n + result.requests.total, 0),
          non2xx: rs.reduce((n, { result }) => n + result.non2xx, 0),
          errors: rs.reduce((n, { result }) => n + result.errors, 0),
          upstreamCalls: target.countUpstream ? rs.reduce((n, { upstream }) => n + upstream, 0) : undefined,
          rounds,
        };
        return [target.name, summary];
      }),
    );
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dataFile, { force: true });
  }
}
