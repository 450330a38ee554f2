import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startEmulatorServer } from '../src/emulator/http-server';
import { CallChain } from './lib/call-chain';
import { SERVERS, startChild, type ChildServer } from './lib/child';
import { DASHBOARD, dashboardSkeleton, PIPELINES, seedFleet, type DashboardData } from './lib/dashboard';
import { EmulatorAdmin, type CallCounts } from './lib/emulator-admin';
import { postQuery, requestBody } from './lib/graphql';
import { percentile, printTable, round } from './lib/stats';

/**
 * `npm run bench`: upstream calls (gateway vs a naive gateway), warm
 * throughput (gateway vs bare Apollo on static data) and cold latency under
 * upstream latency, all in one run against one emulator. Servers run in child
 * processes; this process drives them (and runs autocannon and the emulator).
 */

const ROOT = resolve(__dirname, '..', '..', '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'latest.json');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 9);
const COLD_WARMUP_RUNS = Number(process.env.BENCH_COLD_WARMUP_RUNS ?? 3);
const LATENCY_MS = 20;
/** A latency large enough to dwarf the servers' own CPU time: the chain of calls then shows the true depth. */
const STRUCTURE_LATENCY_MS = 200;
const STRUCTURE_RUNS = 3;
/** Extra node flags for the gateway during the throughput run, e.g. `--cpu-prof`. */
const GATEWAY_NODE_ARGS = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');

/** TTLs long enough that nothing expires during a throughput run: every request is a warm one. */
const LONG_TTLS: Record<string, string> = Object.fromEntries(
  ['DECLARATION', 'LATEST_DECLARATION', 'LIST', 'STATE', 'EXECUTIONS', 'FINISHED_EXECUTION', 'TAGS'].map(
    (kind) => [`CACHE_TTL_${kind}_SECONDS`, '3600'],
  ),
);

type CacheKind = 'redis' | 'memory';

interface Context {
  endpoint: string;
  admin: EmulatorAdmin;
  chain: CallChain;
  redis: Redis;
  prefixes: string[];
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { cores: cpus().length, cpu: model.trim(), node: process.version, platform: process.platform };
}

/** Starts a gateway child reading the bench emulator, on Redis (under a fresh prefix) or memory. */
async function startGatewayChild(
  ctx: Context,
  cache: CacheKind,
  extraEnv: Record<string, string> = {},
  execArgv: string[] = [],
): Promise<ChildServer & { prefix?: string }> {
  const prefix = cache === 'redis' ? `bench:${randomUUID()}:` : undefined;
  if (prefix) ctx.prefixes.push(prefix);
  const child = await startChild(
    `gateway (${cache})`,
    SERVERS.gateway,
    {
      PORT: '0',
      HOST: '127.0.0.1',
      CODEPIPELINE_ENDPOINT: ctx.endpoint,
      ...(prefix ? { REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
      ...extraEnv,
    },
    execArgv,
  );
  return { ...child, prefix };
}

function startNaiveChild(ctx: Context): Promise<ChildServer> {
  return startChild('naive', SERVERS.naive, { CODEPIPELINE_ENDPOINT: ctx.endpoint });
}

/** Deletes every key under `prefix`: the Redis cache of one gateway becomes cold. */
async function flushPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

async function dashboard(url: string): Promise<DashboardData> {
  const { data } = await postQuery<DashboardData>(url, DASHBOARD);
  if (data.pipelines.edges.length !== PIPELINES) {
    throw new Error(`${url} returned ${data.pipelines.edges.length} pipelines, expected ${PIPELINES}`);
  }
  return data;
}

/** Runs the dashboard once and returns the upstream calls it caused, from the emulator's counters. */
async function countedDashboard(
  ctx: Context,
  url: string,
): Promise<{ calls: CallCounts; data: DashboardData }> {
  await ctx.admin.resetStats();
  const data = await dashboard(url);
  return { calls: await ctx.admin.stats(), data };
}

// ---------------------------------------------------------------------------------------------------------
// 1. Upstream calls

interface CallsResult {
  cold: CallCounts;
  warm: CallCounts;
}

async function benchCalls(
  ctx: Context,
): Promise<{ results: Record<string, CallsResult>; data: DashboardData }> {
  const results: Record<string, CallsResult> = {};
  let captured: DashboardData | undefined;
  let reference: string | undefined;
  const subjects: [string, () => Promise<ChildServer>][] = [
    ['gateway (redis)', () => startGatewayChild(ctx, 'redis')],
    ['gateway (memory)', () => startGatewayChild(ctx, 'memory')],
    ['naive', () => startNaiveChild(ctx)],
  ];
  for (const [name, start] of subjects) {
    const server = await start();
    try {
      const cold = await countedDashboard(ctx, server.url);
      const warm = await countedDashboard(ctx, server.url);
      results[name] = { cold: cold.calls, warm: warm.calls };
      const skeleton = dashboardSkeleton(warm.data);
      if (reference === undefined) reference = skeleton;
      else if (skeleton !== reference) throw new Error(`${name} answers differently from the gateway`);
      captured ??= warm.data;
    } finally {
      await server.stop();
    }
  }
  if (!captured) throw new Error('no dashboard answer captured');
  return { results, data: captured };
}

// ---------------------------------------------------------------------------------------------------------
// 2. Warm throughput

interface ThroughputResult {
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
 * Every server is started and warmed first, then measured in turn, round after
 * round, so a burst of load from elsewhere on the machine hits all of them
 * rather than one.
 */
async function benchThroughput(ctx: Context, data: DashboardData): Promise<Record<string, ThroughputResult>> {
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

// ---------------------------------------------------------------------------------------------------------
// 3. Cold latency under upstream latency

/** A server whose cache can be emptied before each timed dashboard. */
interface ColdSubject {
  /** Times one dashboard on an empty cache. */
  coldRun(): Promise<number>;
  stop(): Promise<void>;
}

async function timeDashboard(url: string): Promise<number> {
  const started = performance.now();
  await dashboard(url);
  return round(performance.now() - started, 1);
}

/** Discarded runs that let a long-lived process reach its steady state (JIT, sockets) before timing. */
async function warmUp(url: string): Promise<void> {
  for (let i = 0; i < COLD_WARMUP_RUNS; i += 1) await dashboard(url);
}

/**
 * One gateway process; its Redis keys are deleted before each run. Its near and response caches are off:
 * deleting Redis keys must make it cold, and in-process copies would not go.
 */
async function coldRedis(ctx: Context): Promise<ColdSubject> {
  const gateway = await startGatewayChild(ctx, 'redis', {
    NEAR_CACHE_ENTRIES: '0',
    RESPONSE_CACHE_ENTRIES: '0',
  });
  const prefix = gateway.prefix ?? '';
  for (let i = 0; i < COLD_WARMUP_RUNS; i += 1) {
    await flushPrefix(ctx.redis, prefix);
    await dashboard(gateway.url);
  }
  return {
    coldRun: async () => {
      await flushPrefix(ctx.redis, prefix);
      return timeDashboard(gateway.url);
    },
    stop: () => gateway.stop(),
  };
}

/** A fresh gateway process per run (the memory cache lives and dies with it), warmed by a trivial query. */
async function coldMemory(ctx: Context): Promise<ColdSubject> {
  return {
    coldRun: async () => {
      const gateway = await startGatewayChild(ctx, 'memory');
      try {
        await postQuery(gateway.url, '{ gateway { version } }');
        return await timeDashboard(gateway.url);
      } finally {
        await gateway.stop();
      }
    },
    stop: async () => undefined,
  };
}

/** The naive gateway has no cache: every run is cold. */
async function coldNaive(ctx: Context): Promise<ColdSubject> {
  const naive = await startNaiveChild(ctx);
  await warmUp(naive.url);
  return { coldRun: () => timeDashboard(naive.url), stop: () => naive.stop() };
}

interface ColdLatencyRow {
  /** Wall times of the cold runs with no added latency, then with 20 ms per upstream call. */
  runsAt0Ms: number[];
  runsAt20Ms: number[];
  p50At0Ms: number;
  p50At20Ms: number;
  /** p50 at 20 ms per call / 20 ms, as the target states it. */
  depth: number;
  /** (p50 at 20 ms - p50 at 0 ms) / 20 ms: the round trips alone, the server's own work taken out. */
  netDepth: number;
  /** Upstream calls of one cold run (the last), to show it really was cold. */
  upstreamCalls: number;
  /** Longest chain of dependent upstream calls seen by the emulator in each run at 20 ms, and its p50. */
  chainDepths: number[];
  chainDepth: number;
  /** At 200 ms per call: p50 wall time / 200 ms, and the p50 chain depth. */
  depthAt200Ms: number;
  chainDepthAt200Ms: number;
}

/** Runs with and without latency alternate, so both see the same machine. */
async function benchColdLatency(ctx: Context): Promise<Record<string, ColdLatencyRow>> {
  const subjects: [string, (ctx: Context) => Promise<ColdSubject>][] = [
    ['gateway (redis)', coldRedis],
    ['gateway (memory)', coldMemory],
    ['naive', coldNaive],
  ];
  const results: Record<string, ColdLatencyRow> = {};
  for (const [name, open] of subjects) {
    await ctx.admin.setLatency(0);
    const subject = await open(ctx);
    const runsAt0Ms: number[] = [];
    const runsAt20Ms: number[] = [];
    const chainDepths: number[] = [];
    const runsAt200Ms: number[] = [];
    const chainDepthsAt200Ms: number[] = [];
    let upstreamCalls = 0;
    try {
      for (let i = 0; i < COLD_RUNS; i += 1) {
        await ctx.admin.setLatency(0);
        runsAt0Ms.push(await subject.coldRun());
        await ctx.admin.setLatency(LATENCY_MS);
        await ctx.admin.resetStats();
        ctx.chain.reset();
        runsAt20Ms.push(await subject.coldRun());
        upstreamCalls = (await ctx.admin.stats()).total;
        chainDepths.push(ctx.chain.depth());
      }
      await ctx.admin.setLatency(STRUCTURE_LATENCY_MS);
      for (let i = 0; i < STRUCTURE_RUNS; i += 1) {
        ctx.chain.reset();
        runsAt200Ms.push(await subject.coldRun());
        chainDepthsAt200Ms.push(ctx.chain.depth());
      }
    } finally {
      await ctx.admin.setLatency(0);
      await subject.stop();
    }
    const p50At0Ms = percentile(runsAt0Ms, 50);
    const p50At20Ms = percentile(runsAt20Ms, 50);
    results[name] = {
      runsAt0Ms,
      runsAt20Ms,
      p50At0Ms,
      p50At20Ms,
      depth: round(p50At20Ms / LATENCY_MS, 2),
      netDepth: round((p50At20Ms - p50At0Ms) / LATENCY_MS, 2),
      upstreamCalls,
      chainDepths,
      chainDepth: percentile(chainDepths, 50),
      depthAt200Ms: round(percentile(runsAt200Ms, 50) / STRUCTURE_LATENCY_MS, 2),
      chainDepthAt200Ms: percentile(chainDepthsAt200Ms, 50),
    };
  }
  return results;
}
// ---------------------------------------------------------------------------------------------------------

function report(
  calls: Record<string, CallsResult>,
  throughput: Record<string, ThroughputResult>,
  cold: Record<string, ColdLatencyRow>,
) {
  const naive = calls.naive;
  const ratio = (a: number | undefined, b: number | undefined): number | null =>
    a === undefined || b === undefined || b === 0 ? null : round(a / b, 2);
  const show = (r: number | null): string => (r === null ? 'n/a (gateway 0)' : `${r.toFixed(2)}x`);
  printTable(`1. Upstream calls, dashboard over ${PIPELINES} pipelines (emulator /_emulator/stats)`, [
    ['server', 'cold', 'warm', 'naive/this cold', 'naive/this warm'],
    ...Object.entries(calls).map(([name, r]) => [
      name,
      r.cold.total,
      r.warm.total,
      name === 'naive' ? '' : show(ratio(naive?.cold.total, r.cold.total)),
      name === 'naive' ? '' : show(ratio(naive?.warm.total, r.warm.total)),
    ]),
  ]);
  const base = throughput['baseline (static Apollo)'];
  printTable(
    `2. Warm throughput, dashboard query, ${CONNECTIONS} connections, ${ROUNDS} x ${DURATION_S} s (autocannon)`,
    [
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'non2xx', 'upstream calls', 'vs baseline'],
      ...Object.entries(throughput).map(([name, r]) => [
        name,
        r.requestsPerSecond,
        r.latencyP50Ms,
        r.latencyP99Ms,
        r.non2xx + r.errors,
        r.upstreamCalls ?? '',
        `${ratio(r.requestsPerSecond, base?.requestsPerSecond) ?? ''}`,
      ]),
    ],
  );
  printTable(`3. Cold dashboard latency, p50 of ${COLD_RUNS} cold runs each`, [
    [
      'server',
      'p50 @0 ms',
      `p50 @${LATENCY_MS} ms`,
      'depth',
      'net depth',
      'chain depth',
      `depth @${STRUCTURE_LATENCY_MS} ms`,
      `chain @${STRUCTURE_LATENCY_MS} ms`,
      'calls/run',
    ],
    ...Object.entries(cold).map(([name, r]) => [
      name,
      r.p50At0Ms,
      r.p50At20Ms,
      r.depth,
      r.netDepth,
      r.chainDepth,
      r.depthAt200Ms,
      r.chainDepthAt200Ms,
      r.upstreamCalls,
    ]),
  ]);
  return {
    callRatios: Object.fromEntries(
      Object.entries(calls)
        .filter(([name]) => name !== 'naive')
        .map(([name, r]) => [
          name,
          { cold: ratio(naive?.cold.total, r.cold.total), warm: ratio(naive?.warm.total, r.warm.total) },
        ]),
    ),
    throughputRatios: Object.fromEntries(
      Object.entries(throughput)
        .filter(([name]) => name.startsWith('gateway'))
        .map(([name, r]) => [name, ratio(r.requestsPerSecond, base?.requestsPerSecond)]),
    ),
  };
}

async function main(): Promise<void> {
  // The SDK warns (in every process) that it will want Node 22 from 2027; it is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const started = new Date();
  const info = machine();
  console.log(`bench: ${info.cores} cores, ${info.cpu}, node ${info.node}, ${started.toISOString()}`);

  const emulator = await startEmulatorServer({ seed: 'none', tickIntervalMs: 0 });
  const client = new CodePipelineClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
    maxAttempts: 1,
  });
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const ctx: Context = {
    endpoint: emulator.url,
    admin: new EmulatorAdmin(emulator.url),
    chain: new CallChain(emulator.server),
    redis,
    prefixes: [],
  };
  try {
    await redis.connect();
    await seedFleet(client);
    emulator.emulator.advance(3_000);

    console.log('\n[1/3] upstream calls ...');
    const calls = await benchCalls(ctx);
    console.log('[2/3] warm throughput ...');
    const throughput = await benchThroughput(ctx, calls.data);
    console.log('[3/3] cold latency ...');
    const cold = await benchColdLatency(ctx);

    const ratios = report(calls.results, throughput, cold);
    const output = {
      command: 'npm run bench',
      date: started.toISOString(),
      machine: info,
      settings: {
        pipelines: PIPELINES,
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        connections: CONNECTIONS,
        rounds: ROUNDS,
        coldRuns: COLD_RUNS,
        coldWarmupRuns: COLD_WARMUP_RUNS,
        latencyMs: LATENCY_MS,
        structureLatencyMs: STRUCTURE_LATENCY_MS,
        structureRuns: STRUCTURE_RUNS,
        gatewayNodeArgs: GATEWAY_NODE_ARGS,
        throughputTtls: 'CACHE_TTL_*_SECONDS=3600 (nothing expires during a run)',
      },
      upstreamCalls: { results: calls.results, naiveOverGateway: ratios.callRatios },
      throughput: { results: throughput, gatewayOverBaseline: ratios.throughputRatios },
      coldLatency: cold,
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);
    console.log(`\nwrote ${RESULTS_FILE}`);
  } finally {
    for (const prefix of ctx.prefixes) await flushPrefix(redis, prefix).catch(() => 0);
    redis.disconnect();
    client.destroy();
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
