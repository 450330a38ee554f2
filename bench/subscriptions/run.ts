import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { Redis } from 'ioredis';
import { startEmulatorServer } from '../../src/emulator/http-server';
import { simplePipeline } from '../../test/support/declarations';
import { EmulatorAdmin, type CallCounts } from '../lib/emulator-admin';
import { percentile, printTable, round } from '../lib/stats';
import { type MemoryProbe } from './gateway';
import { cpuPercent, cpuSeconds, rssBytes } from './proc';
import { type Command, type Reply, type WindowReport } from './protocol';

/**
 * `npm run bench:subscriptions`: one gateway process on Redis, thousands of
 * graphql-ws subscribers spread over client processes, executions flowing
 * through an emulator fleet on a real-time clock. Two windows of the same
 * length, side by side in one run: few subscribers (one per pipeline), then
 * many (the same ones plus the rest). Reports upstream calls per minute in
 * each, detection-to-delivery latency, gateway memory per subscriber and
 * gateway CPU.
 */

// Node 20 is this project's runtime; the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'subscriptions.json');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0, got "${raw}"`);
  return value;
};

const DURATION_S = num('BENCH_SUBS_DURATION_S', 60);
const SUBSCRIBERS = num('BENCH_SUBS_SUBSCRIBERS', 5000);
const PIPELINES = num('BENCH_SUBS_PIPELINES', 50);
/** Subscribers of the small window: one per pipeline. They stay for the big one. */
const FEW = PIPELINES;
const CLIENT_PROCESSES = Math.max(1, num('BENCH_SUBS_CLIENT_PROCESSES', 2));
/** Each pipeline starts an execution this often, the pipelines staggered evenly over the period. */
const EXEC_PERIOD_S = num('BENCH_SUBS_EXEC_PERIOD_S', 20);
/** Simulated duration of each action (two per execution). */
const ACTION_MS = num('BENCH_SUBS_ACTION_MS', 3000);
const CLOCK_SPEED = num('BENCH_SUBS_CLOCK_SPEED', 1);
const WARMUP_S = num('BENCH_SUBS_WARMUP_S', 10);
const SETTLE_S = num('BENCH_SUBS_SETTLE_S', 5);
/** Extra node flags for the gateway process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const GATEWAY_NODE_ARGS = (process.env.BENCH_SUBS_GATEWAY_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
/** After a window, how long deliveries of events detected in it may still take to arrive. */
const GRACE_S = 3;

/** The gateway's settings that differ from its defaults. */
const GATEWAY_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  // The bench measures delivery, not authentication; production mode requires saying so explicitly.
  AUTH_MODE: 'none',
  // One line per start mutation would be noise in the bench output.
  LOG_LEVEL: 'warn',
  // Thousands of subscribes from one address would otherwise meet the production rate limit.
  RATE_LIMIT_PER_SECOND: '0',
  // High enough never to bind here: with a binding budget the call rate would be flat by construction.
  POLL_CALLS_PER_SECOND: '100',
};

const START = `mutation Start($name: String!) { startPipelineExecution(input: { name: $name }) { pipelineExecutionId } }`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    cores: cpus().length,
    cpu: model.trim(),
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: process.platform,
  };
}

/** A forked process that answers commands over IPC, one at a time. */
class Worker {
  private readonly waiting: ((reply: Reply | MemoryProbe) => void)[] = [];
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (message: Reply | MemoryProbe | { type: 'ready' }) => {
      if (message.type === 'ready') return;
      this.waiting.shift()?.(message);
    });
    this.exited = new Promise((r) => child.once('exit', () => r()));
    child.once('exit', (code, signal) => {
      if (this.waiting.length > 0) {
        console.error(`${name} exited (${code ?? signal}) with requests pending`);
        process.exit(1);
      }
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  ask<T extends Reply | MemoryProbe>(command: Command | { type: 'memory' }): Promise<T> {
    return new Promise((resolvePromise) => {
      this.waiting.push(resolvePromise as (reply: Reply | MemoryProbe) => void);
      this.child.send(command);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

async function startGatewayProcess(env: Record<string, string>): Promise<{ worker: Worker; url: string }> {
  const child = fork(join(__dirname, 'gateway.js'), [], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    execArgv: ['--expose-gc', ...GATEWAY_NODE_ARGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.once('message', (m: { type: string; url?: string }) =>
      m.type === 'ready' && m.url
        ? resolvePromise(m.url)
        : reject(new Error(`gateway said ${JSON.stringify(m)}`)),
    );
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code} before it was ready`)));
  });
  return { worker: new Worker('gateway', child), url };
}

function startClients(index: number): Worker {
  const child = fork(join(__dirname, 'clients.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Worker(`clients ${index}`, child);
}

/** Opens subscribers `from` to `to - 1`, split evenly across the client processes. */
async function openSubscribers(
  clients: Worker[],
  url: string,
  pipelines: string[],
  from: number,
  to: number,
) {
  const per = Math.ceil((to - from) / clients.length);
  await Promise.all(
    clients.map((c, i) => {
      const start = from + i * per;
      const end = Math.min(to, start + per);
      return start < end
        ? c.ask({ type: 'open', url, from: start, to: end, pipelines })
        : Promise.resolve(undefined);
    }),
  );
}

interface MemorySample {
  subscribers: number;
  sockets: number;
  /** VmRSS from /proc, and the heap after a full GC, bytes; medians of 3 samples 1 s apart. */
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

async function sampleMemory(gateway: Worker, subscribers: number): Promise<MemorySample> {
  const samples: MemoryProbe[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const probe = await gateway.ask<MemoryProbe>({ type: 'memory' });
    samples.push(probe);
    rss.push(rssBytes(gateway.pid));
    await sleep(1000);
  }
  return {
    subscribers,
    sockets: samples[samples.length - 1]?.sockets ?? -1,
    rssBytes: percentile(rss, 50),
    heapUsedBytes: percentile(
      samples.map((s) => s.heapUsed),
      50,
    ),
    externalBytes: percentile(
      samples.map((s) => s.external),
      50,
    ),
  };
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

interface Window {
  subscribers: number;
  fromMs: number;
  toMs: number;
  calls: CallCounts;
  /** Calls the bench itself caused (StartPipelineExecution, through the gateway's mutation). */
  startCalls: number;
  /** Every other call: what the gateway made on its own (the poller, and reads for the mutation, if any). */
  gatewayCallsPerMinute: number;
  gatewayCpuPercent: number;
  redisCpuPercent: number;
  clientsCpuPercent: number;
  loadAverage1m: number;
}

async function measureWindow(
  subscribers: number,
  admin: EmulatorAdmin,
  gateway: Worker,
  clients: Worker[],
  redis: Redis,
): Promise<Window> {
  await admin.resetStats();
  const fromMs = Date.now();
  const gatewayCpu0 = cpuSeconds(gateway.pid);
  const clientsCpu0 = clients.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);
  const redisCpu0 = await redisCpuSeconds(redis);
  await sleep(DURATION_S * 1000);
  const calls = await admin.stats();
  const toMs = Date.now();
  const wallMs = toMs - fromMs;
  const startCalls = calls.calls.StartPipelineExecution ?? 0;
  return {
    subscribers,
    fromMs,
    toMs,
    calls,
    startCalls,
    gatewayCallsPerMinute: round(((calls.total - startCalls) * 60_000) / wallMs, 1),
    gatewayCpuPercent: round(cpuPercent(gatewayCpu0, cpuSeconds(gateway.pid), wallMs), 1),
    clientsCpuPercent: round(
      cpuPercent(
        clientsCpu0,
        clients.reduce((sum, c) => sum + cpuSeconds(c.pid), 0),
        wallMs,
      ),
      1,
    ),
    redisCpuPercent: round(cpuPercent(redisCpu0, await redisCpuSeconds(redis), wallMs), 1),
    loadAverage1m: round(loadavg()[0] ?? NaN, 2),
  };
}

interface Deliveries {
  /** Distinct events detected in the window (cursors seen by any subscriber). */
  events: number;
  deliveries: number;
  /** Deliveries owed (each subscriber of a pipeline, each event of that pipeline) but not received. */
  missing: number;
  deliveriesPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Subscriptions that ended (errored or completed) since the start. */
  ended: number;
  errorSamples: string[];
}

function deliveries(reports: WindowReport[], window: Window): Deliveries {
  const latencies = reports.flatMap((r) => r.latenciesMs);
  const cursors = new Map<string, Set<string>>();
  for (const r of reports) {
    for (const [pipeline, { cursors: list }] of Object.entries(r.pipelines)) {
      let set = cursors.get(pipeline);
      if (!set) cursors.set(pipeline, (set = new Set()));
      list.forEach((c) => set.add(c));
    }
  }
  let missing = 0;
  for (const r of reports) {
    for (const [pipeline, { counts }] of Object.entries(r.pipelines)) {
      const owed = cursors.get(pipeline)?.size ?? 0;
      counts.forEach((n) => (missing += owed - n));
    }
  }
  const events = [...cursors.values()].reduce((sum, s) => sum + s.size, 0);
  return {
    events,
    deliveries: latencies.length,
    missing,
    deliveriesPerSecond: round(latencies.length / ((window.toMs - window.fromMs) / 1000), 1),
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.reduce((m, v) => Math.max(m, v), 0),
    },
    ended: reports.reduce((sum, r) => sum + r.errors + r.completed, 0),
    errorSamples: reports.flatMap((r) => r.errorSamples).slice(0, 5),
  };
}

/** Starts one execution every `period / pipelines`, round-robin, through the gateway's mutation. */
function startWorkload(url: string, pipelines: string[]): { stop(): void; errors(): number } {
  let next = 0;
  let errors = 0;
  const timer = setInterval(
    () => {
      const name = pipelines[next % pipelines.length];
      next += 1;
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: START, variables: { name } }),
      })
        .then(async (res) => {
          const body = (await res.json()) as { errors?: unknown };
          if (res.status !== 200 || body.errors) errors += 1;
        })
        .catch(() => (errors += 1));
    },
    (EXEC_PERIOD_S * 1000) / pipelines.length,
  );
  return { stop: () => clearInterval(timer), errors: () => errors };
}

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);

async function main(): Promise<void> {
  const started = new Date();
  const info = machine();
  console.log(
    `subscriptions bench: ${SUBSCRIBERS} subscribers over ${PIPELINES} pipelines, windows of ${DURATION_S} s, ` +
      `${CLIENT_PROCESSES} client processes, ${info.cores} cores`,
  );
  const emulator = await startEmulatorServer({ seed: 'none', clockSpeed: CLOCK_SPEED, tickIntervalMs: 100 });
  const admin = new EmulatorAdmin(emulator.url);
  const sdk = new CodePipelineClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const pipelines = Array.from({ length: PIPELINES }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  const duration = { EmulatorDurationMs: String(ACTION_MS) };
  for (const name of pipelines) {
    await sdk.send(
      new CreatePipelineCommand({ pipeline: simplePipeline(name, { source: duration, build: duration }) }),
    );
  }
  // CreatePipeline starts an execution; let those finish first.
  emulator.emulator.advance(10 * ACTION_MS);

  const redis = new Redis(REDIS_URL);
  const prefix = `bench:subs:${randomUUID()}:`;
  const { worker: gateway, url } = await startGatewayProcess({
    PORT: '0',
    HOST: '127.0.0.1',
    CODEPIPELINE_ENDPOINT: emulator.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    ...GATEWAY_ENV,
  });
  const clients = Array.from({ length: CLIENT_PROCESSES }, (_, i) => startClients(i));
  const workload = startWorkload(url, pipelines);
  try {
    await sleep(WARMUP_S * 1000);
    const memory: MemorySample[] = [await sampleMemory(gateway, 0)];

    console.log(`opening ${FEW} subscribers`);
    await openSubscribers(clients, url, pipelines, 0, FEW);
    await sleep(SETTLE_S * 1000);
    console.log(`window 1: ${FEW} subscribers, ${DURATION_S} s`);
    const few = await measureWindow(FEW, admin, gateway, clients, redis);
    memory.push(await sampleMemory(gateway, FEW));

    console.log(`opening ${SUBSCRIBERS - FEW} more subscribers`);
    const openedAt = Date.now();
    await openSubscribers(clients, url, pipelines, FEW, SUBSCRIBERS);
    const openMs = Date.now() - openedAt;
    await sleep(SETTLE_S * 1000);
    console.log(`window 2: ${SUBSCRIBERS} subscribers, ${DURATION_S} s`);
    const many = await measureWindow(SUBSCRIBERS, admin, gateway, clients, redis);
    memory.push(await sampleMemory(gateway, SUBSCRIBERS));
    await sleep(GRACE_S * 1000);

    const report = async (w: Window) =>
      deliveries(
        await Promise.all(
          clients.map((c) => c.ask<WindowReport>({ type: 'report', fromMs: w.fromMs, toMs: w.toMs })),
        ),
        w,
      );
    const fewDeliveries = await report(few);
    const manyDeliveries = await report(many);

    await Promise.all(clients.map((c) => c.ask({ type: 'close' })));
    await sleep(SETTLE_S * 1000);
    const afterClose = await sampleMemory(gateway, 0);

    const base = memory[0] as MemorySample;
    const full = memory[2] as MemorySample;
    const perSubscriber = {
      rssBytes: Math.round((full.rssBytes - base.rssBytes) / SUBSCRIBERS),
      heapUsedBytes: Math.round((full.heapUsedBytes - base.heapUsedBytes) / SUBSCRIBERS),
      externalBytes: Math.round((full.externalBytes - base.externalBytes) / SUBSCRIBERS),
    };

    printTable('Upstream calls (emulator counts; the bench’s own StartPipelineExecution calls left out)', [
      ['Subscribers', 'Calls/min', 'Starts', 'By operation'],
      ...[few, many].map((w) => [
        w.subscribers,
        w.gatewayCallsPerMinute,
        w.startCalls,
        Object.entries(w.calls.calls)
          .filter(([op]) => op !== 'StartPipelineExecution')
          .map(([op, n]) => `${op} ${n}`)
          .join(', '),
      ]),
    ]);
    printTable('Detection to delivery (client receive time minus detectedAt)', [
      ['Subscribers', 'Events', 'Deliveries', 'Missing', 'Deliv/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      ...(
        [
          [few, fewDeliveries],
          [many, manyDeliveries],
        ] as const
      ).map(([w, d]) => [
        w.subscribers,
        d.events,
        d.deliveries,
        d.missing,
        d.deliveriesPerSecond,
        d.latencyMs.p50,
        d.latencyMs.p90,
        d.latencyMs.p99,
        d.latencyMs.max,
      ]),
    ]);
    printTable('CPU over each window, % of one core', [
      ['Subscribers', 'Gateway', 'Redis', 'Clients', 'Load avg 1m'],
      ...[few, many].map((w) => [
        w.subscribers,
        w.gatewayCpuPercent,
        w.redisCpuPercent,
        w.clientsCpuPercent,
        w.loadAverage1m,
      ]),
    ]);
    printTable('Gateway memory (heap after a full GC)', [
      ['Subscribers', 'Sockets', 'RSS MB', 'Heap MB', 'External MB'],
      ...[...memory, afterClose].map((m, i) => [
        i === 3 ? '0 (after closing all)' : m.subscribers,
        m.sockets,
        mb(m.rssBytes),
        mb(m.heapUsedBytes),
        mb(m.externalBytes),
      ]),
    ]);
    console.log(
      `\nper subscriber: RSS ${round(perSubscriber.rssBytes / 1024, 1)} KB, heap ${round(perSubscriber.heapUsedBytes / 1024, 1)} KB, ` +
        `external ${round(perSubscriber.externalBytes / 1024, 1)} KB; opening ${SUBSCRIBERS - FEW} took ${openMs} ms; ` +
        `workload errors ${workload.errors()}; subscriptions ended early ${manyDeliveries.ended}`,
    );
    if (manyDeliveries.errorSamples.length > 0) console.log('errors:', manyDeliveries.errorSamples);

    const output = {
      date: started.toISOString(),
      machine: info,
      settings: {
        subscribers: SUBSCRIBERS,
        fewSubscribers: FEW,
        pipelines: PIPELINES,
        windowSeconds: DURATION_S,
        clientProcesses: CLIENT_PROCESSES,
        executionPeriodSeconds: EXEC_PERIOD_S,
        actionMs: ACTION_MS,
        clockSpeed: CLOCK_SPEED,
        gatewayEnv: GATEWAY_ENV,
      },
      windows: {
        few: { ...few, deliveries: fewDeliveries },
        many: { ...many, deliveries: manyDeliveries },
      },
      callsRatio: round(many.gatewayCallsPerMinute / few.gatewayCallsPerMinute, 3),
      memory: { samples: memory, afterClose, perSubscriber },
      openSubscribersMs: openMs,
      workloadErrors: workload.errors(),
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);
    console.log(`\nwrote ${RESULTS_FILE}`);
  } finally {
    workload.stop();
    await Promise.all(clients.map((c) => c.stop()));
    await gateway.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    sdk.destroy();
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
