import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SERVERS, startChild, type ChildServer } from '../lib/child';
import { DASHBOARD, type DashboardData } from '../lib/dashboard';
import { requestBody } from '../lib/graphql';
import { round } from '../lib/stats';
import { type CacheKind, startGatewayChild } from './children';
import { type Context } from './context';
import { dashboard } from './dashboard-query';
import {
  BEFORE_GATEWAY,
  CONNECTIONS,
  DURATION_S,
  GATEWAY_NODE_ARGS,
  LONG_TTLS,
  ROUNDS,
  SERVER_FILTER,
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

/** A server of the throughput bench, started only when `BENCH_SERVERS` leaves it in. */
interface ServerSpec {
  name: string;
  start(): Promise<ChildServer>;
  countUpstream: boolean;
  /** Every request with variables of its own: a response cache never answers one from another. */
  distinct?: boolean;
}

const NO_RESPONSE_CACHE = { ...LONG_TTLS, RESPONSE_CACHE_ENTRIES: '0' };

function gatewaySpec(
  ctx: Context,
  name: string,
  cache: CacheKind,
  env: Record<string, string>,
  script?: string,
): ServerSpec {
  return {
    name,
    start: () => startGatewayChild(ctx, cache, env, GATEWAY_NODE_ARGS, script),
    countUpstream: true,
  };
}

interface LoadTarget {
  name: string;
  url: string;
  countUpstream: boolean;
  distinct?: boolean;
}

/** Requests sent with distinct variables so far: each one's `n` is new. */
let sent = 0;

function load(url: string, durationS: number, distinct = false): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody(DASHBOARD),
    connections: CONNECTIONS,
    duration: durationS,
    // A variable the operation does not declare: ignored by execution, but part of the response cache's key.
    ...(distinct
      ? {
          requests: [
            { setupRequest: (req) => ({ ...req, body: requestBody(DASHBOARD, { n: (sent += 1) }) }) },
          ],
        }
      : {}),
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
    const specs: ServerSpec[] = [
      {
        name: 'baseline (static Apollo)',
        start: () => startChild('baseline', SERVERS.baseline, { BENCH_BASELINE_DATA: dataFile }),
        countUpstream: false,
      },
      ...(['memory', 'redis'] as const).map((cache) =>
        gatewaySpec(ctx, `gateway (${cache})`, cache, LONG_TTLS),
      ),
      // The execution path alone: every request resolved through loaders and the data cache, none reused whole.
      ...(['memory', 'redis'] as const).map((cache) =>
        gatewaySpec(ctx, `gateway (${cache}, no response cache)`, cache, NO_RESPONSE_CACHE),
      ),
      // The same, executed by graphql-js as Apollo does on its own: what the compiled executor saves.
      gatewaySpec(ctx, 'gateway (memory, no response cache, graphql-js)', 'memory', {
        ...NO_RESPONSE_CACHE,
        EXECUTOR: 'graphql-js',
      }),
      // The response cache on, every request a miss (variables of its own): the execution path plus keying and storing.
      {
        ...gatewaySpec(ctx, 'gateway (memory, response cache on, every request a miss)', 'memory', LONG_TTLS),
        distinct: true,
      },
      // The other build (BENCH_BEFORE_GATEWAY), memory cache: before and after in the same rounds.
      ...(BEFORE_GATEWAY === ''
        ? []
        : [
            gatewaySpec(ctx, 'before: gateway (memory)', 'memory', LONG_TTLS, BEFORE_GATEWAY),
            gatewaySpec(
              ctx,
              'before: gateway (memory, no response cache)',
              'memory',
              NO_RESPONSE_CACHE,
              BEFORE_GATEWAY,
            ),
          ]),
    ];
    const targets: LoadTarget[] = [];
    for (const spec of specs.filter((s) => SERVER_FILTER.length === 0 || SERVER_FILTER.includes(s.name))) {
      const server = await spec.start();
      servers.push(server);
      targets.push({
        name: spec.name,
        url: server.url,
        countUpstream: spec.countUpstream,
        distinct: spec.distinct,
      });
      // A --cpu-prof file is named by pid: say whose is whose.
      if (GATEWAY_NODE_ARGS.length > 0) console.log(`  ${spec.name}: pid ${server.pid}`);
    }
    for (const target of targets) {
      await dashboard(target.url); // checks the answer and fills the gateway's cache
      await load(target.url, WARMUP_S, target.distinct);
    }
    const runs = new Map<string, { result: autocannon.Result; upstream: number }[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of targets) {
        await ctx.admin.resetStats();
        const result = await load(target.url, DURATION_S, target.distinct);
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
