import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { EventPublisher } from '../../src/emulator/events/publisher';
import { type RunningEmulator, startEmulatorServer } from '../../src/emulator/http-server';
import { simplePipeline } from '../../test/support/declarations';
import { EmulatorAdmin } from '../lib/emulator-admin';
import { percentile, printTable, round } from '../lib/stats';
import { machine } from '../subscriptions/machine';
import { deletePrefix } from '../subscriptions/redis-prefix';
import { startGatewayProcess, type Worker } from '../subscriptions/workers';

/**
 * `npm run bench:events` (issue 12): the same busy fleet of 50 pipelines in
 * three lanes side by side in one run, each an emulator of its own and a
 * gateway process on Redis with one pipelineEvents subscriber per pipeline:
 * - `poll`: polling alone (no events);
 * - `push`: the emulator POSTs CodePipeline's EventBridge events to /events,
 *   polling only reconciles (POLL_RECONCILE_SECONDS=300);
 * - `lossy`: the same with 20% of events lost and 10% sent twice, and
 *   POLL_RECONCILE_SECONDS=30.
 * Reports upstream calls per minute per lane, detection-to-delivery
 * latency, and for `lossy` whether every terminal state of every execution
 * was delivered exactly once.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
};
const PIPELINES = num('BENCH_EVENTS_PIPELINES', 50);
const WINDOW_S = num('BENCH_EVENTS_WINDOW_S', 120);
const WARMUP_S = num('BENCH_EVENTS_WARMUP_S', 15);
const EXEC_PERIOD_S = num('BENCH_EVENTS_EXEC_PERIOD_S', 20);
const ACTION_MS = num('BENCH_EVENTS_ACTION_MS', 3000);
const LOSSY_RECONCILE_S = num('BENCH_EVENTS_LOSSY_RECONCILE_S', 30);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = `bench-events-${randomUUID()}`;
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled', 'Abandoned']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Received {
  kind: string;
  pipelineName: string;
  pipelineExecutionId: string | null;
  stageName: string | null;
  actionName: string | null;
  state: string;
  detectedAt: string;
  receivedAtMs: number;
}

const EVENTS = `subscription E($names: [String!]) {
  pipelineEvents(filter: { pipelineNames: $names }) {
    kind pipelineName pipelineExecutionId stageName actionName state detectedAt
  }
}`;

interface Lane {
  name: 'poll' | 'push' | 'lossy';
  emulator: RunningEmulator;
  admin: EmulatorAdmin;
  sdk: CodePipelineClient;
  gateway: Worker;
  url: string;
  prefix: string;
  received: Received[];
  dispose: () => Promise<void>;
}

const pipelines = Array.from({ length: PIPELINES }, (_, i) => `svc-${String(i).padStart(2, '0')}`);

async function startLane(name: Lane['name']): Promise<Lane> {
  const emulator = await startEmulatorServer({ seed: 'none', clockSpeed: 1, tickIntervalMs: 100 });
  const sdk = new CodePipelineClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const duration = { EmulatorDurationMs: String(ACTION_MS) };
  for (const p of pipelines) {
    await sdk.send(
      new CreatePipelineCommand({ pipeline: simplePipeline(p, { source: duration, build: duration }) }),
    );
  }
  emulator.emulator.advance(10 * ACTION_MS);
  const prefix = `bench:events:${name}:${randomUUID()}:`;
  const push = name !== 'poll';
  const { worker, url } = await startGatewayProcess({
    PORT: '0',
    HOST: '127.0.0.1',
    CODEPIPELINE_MODE: 'endpoint',
    CODEPIPELINE_ENDPOINT: emulator.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    NODE_ENV: 'production',
    AUTH_MODE: 'none',
    LOG_LEVEL: 'warn',
    AUDIT_LOG: 'off',
    // One socket carries every subscriber of a lane.
    WS_MAX_SUBSCRIPTIONS: '1000',
    RATE_LIMIT_PER_SECOND: '0',
    // Neither budget binds: polling alone is measured at what it needs, not at a cap.
    UPSTREAM_CALLS_PER_SECOND: '0',
    POLL_CALLS_PER_SECOND: '1000',
    ...(push ? { EVENTS_API_KEY: KEY } : {}),
    ...(name === 'lossy' ? { POLL_RECONCILE_SECONDS: String(LOSSY_RECONCILE_S) } : {}),
  });
  if (push) {
    emulator.emulator.events = new EventPublisher(emulator.emulator, {
      url: url.replace(/\/graphql$/, '/events'),
      apiKey: KEY,
    });
  }
  if (name === 'lossy') {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventLossRate: 0.2, eventDuplicateRate: 0.1 }),
    });
  }
  const received: Received[] = [];
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  const stops = pipelines.map((p) =>
    client.subscribe<{ pipelineEvents: Omit<Received, 'receivedAtMs'> }>(
      { query: EVENTS, variables: { names: [p] } },
      {
        next: (r) => {
          if (r.data) received.push({ ...r.data.pipelineEvents, receivedAtMs: Date.now() });
        },
        error: (err) => console.error(`${name}: subscription error`, err),
        complete: () => undefined,
      },
    ),
  );
  return {
    name,
    emulator,
    admin: new EmulatorAdmin(emulator.url),
    sdk,
    gateway: worker,
    url,
    prefix,
    received,
    dispose: async () => {
      stops.forEach((stop) => stop());
      await client.dispose();
      await worker.stop();
      sdk.destroy();
      await emulator.close();
    },
  };
}

/** Upstream calls other than the workload's own starts. */
async function detectionCalls(lane: Lane): Promise<number> {
  const { calls } = await lane.admin.stats();
  return Object.entries(calls)
    .filter(([op]) => op !== 'StartPipelineExecution')
    .reduce((sum, [, n]) => sum + n, 0);
}

async function main(): Promise<void> {
  const started = new Date();
  console.log(`events bench: ${PIPELINES} pipelines x 3 lanes, window ${WINDOW_S} s`, machine());
  const lanes: Lane[] = [];
  for (const name of ['poll', 'push', 'lossy'] as const) lanes.push(await startLane(name));
  let next = 0;
  const workloadErrors = { count: 0 };
  const timer = setInterval(
    () => {
      const p = pipelines[next++ % pipelines.length] ?? '';
      for (const lane of lanes) {
        lane.sdk.send(new StartPipelineExecutionCommand({ name: p })).catch(() => workloadErrors.count++);
      }
    },
    (EXEC_PERIOD_S * 1000) / pipelines.length,
  );
  try {
    await sleep(WARMUP_S * 1000);
    const lossyLane = lanes.find((l) => l.name === 'lossy') as Lane;
    const earlier = await executionIds(lossyLane);
    const before = await Promise.all(lanes.map(detectionCalls));
    const fromMs = Date.now();
    const load0 = (await import('node:os')).loadavg();
    await sleep(WINDOW_S * 1000);
    const after = await Promise.all(lanes.map(detectionCalls));
    const toMs = Date.now();
    const load1 = (await import('node:os')).loadavg();
    clearInterval(timer);
    // Let the last runs end and the lossy lane reconcile what it lost.
    await sleep((LOSSY_RECONCILE_S + 15) * 1000);
    const minutes = (toMs - fromMs) / 60_000;
    const rows = lanes.map((lane, i) => {
      const inWindow = lane.received.filter((e) => e.receivedAtMs >= fromMs && e.receivedAtMs <= toMs);
      const latencies = inWindow.map((e) => e.receivedAtMs - Date.parse(e.detectedAt));
      return {
        lane: lane.name,
        callsPerMinute: round(((after[i] ?? 0) - (before[i] ?? 0)) / minutes, 1),
        events: inWindow.length,
        latencyMs: {
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: latencies.reduce((m, v) => Math.max(m, v), 0),
        },
      };
    });
    printTable('upstream calls and delivery', [
      ['lane', 'calls/min', 'events', 'p50 ms', 'p99 ms', 'max ms'],
      ...rows.map((r) => [
        r.lane,
        r.callsPerMinute,
        r.events,
        r.latencyMs.p50,
        r.latencyMs.p99,
        r.latencyMs.max,
      ]),
    ]);
    const lossy = lanes.find((l) => l.name === 'lossy') as Lane;
    const exactness = await terminalExactness(lossy, earlier);
    const emulatorEvents = (await lossy.admin.stats()) as unknown as { events: Record<string, number> };
    console.log('lossy lane:', exactness, emulatorEvents.events);
    const pushSides: Record<string, unknown> = {};
    for (const lane of lanes.filter((l) => l.name !== 'poll')) {
      const metrics = await (await fetch(lane.url.replace(/\/graphql$/, '/metrics'))).text();
      const stats = (await lane.admin.stats()) as unknown as {
        events: Record<string, number>;
        calls: Record<string, number>;
      };
      pushSides[lane.name] = {
        emulatorEvents: stats.events,
        calls: stats.calls,
        gateway: metrics.split('\n').filter((l) => l.startsWith('cpgw_events_')),
      };
    }
    console.log(JSON.stringify(pushSides, null, 2));
    const poll = rows[0]?.callsPerMinute ?? 0;
    const push = rows[1]?.callsPerMinute ?? 0;
    const output = {
      date: started.toISOString(),
      machine: machine(),
      loadAverage: { start: load0, end: load1 },
      settings: {
        pipelines: PIPELINES,
        windowSeconds: WINDOW_S,
        execPeriodSeconds: EXEC_PERIOD_S,
        actionMs: ACTION_MS,
        lossyReconcileSeconds: LOSSY_RECONCILE_S,
      },
      lanes: rows,
      pollOverPushCalls: push > 0 ? round(poll / push, 1) : null,
      lossy: { ...exactness, emulator: emulatorEvents.events },
      pushSides,
      workloadErrors: workloadErrors.count,
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'events.json'), `${JSON.stringify(output, null, 2)}\n`);
    console.log(JSON.stringify(output, null, 2));
  } finally {
    clearInterval(timer);
    const redis = new Redis(REDIS_URL);
    for (const lane of lanes) {
      await lane.dispose();
      await deletePrefix(redis, lane.prefix);
    }
    redis.disconnect();
  }
}

/**
 * For every execution started after the window opened that has ended: its terminal state, and each stage's and
 * action's, delivered exactly once, and how long after the run's end its terminal state arrived.
 */
async function executionIds(lane: Lane): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const p of pipelines) {
    const { pipelineExecutionSummaries = [] } = await lane.sdk.send(
      new ListPipelineExecutionsCommand({ pipelineName: p, maxResults: 100 }),
    );
    pipelineExecutionSummaries.forEach((s) => ids.add(s.pipelineExecutionId ?? ''));
  }
  return ids;
}

async function terminalExactness(lane: Lane, earlier: Set<string>) {
  // The emulator's clock runs ahead of the wall clock (the set-up jumped it): its times are shifted back.
  const offsetMs = lane.emulator.emulator.clock.now().getTime() - Date.now();
  const counts = new Map<string, number>();
  const firstAt = new Map<string, number>();
  for (const e of lane.received) {
    if (!TERMINAL.has(e.state)) continue;
    const item = [e.kind, e.pipelineExecutionId, e.stageName ?? '', e.actionName ?? ''].join('|');
    counts.set(item, (counts.get(item) ?? 0) + 1);
    if (!firstAt.has(item)) firstAt.set(item, e.receivedAtMs);
  }
  let items = 0;
  let once = 0;
  let missing = 0;
  let twice = 0;
  const arrivalMs: number[] = [];
  for (const p of pipelines) {
    const { pipelineExecutionSummaries = [] } = await lane.sdk.send(
      new ListPipelineExecutionsCommand({ pipelineName: p, maxResults: 100 }),
    );
    for (const s of pipelineExecutionSummaries) {
      if (earlier.has(s.pipelineExecutionId ?? '') || !TERMINAL.has(s.status ?? '')) continue;
      const id = s.pipelineExecutionId ?? '';
      const expected = [
        `PIPELINE_EXECUTION_STATE_CHANGE|${id}||`,
        ...(s.status === 'Succeeded'
          ? ['Source', 'Build'].flatMap((st) => [
              `STAGE_EXECUTION_STATE_CHANGE|${id}|${st}|`,
              `ACTION_EXECUTION_STATE_CHANGE|${id}|${st}|${st}`,
            ])
          : []),
      ];
      for (const item of expected) {
        items++;
        const n = counts.get(item) ?? 0;
        if (n === 0) missing++;
        else if (n === 1) once++;
        else twice++;
      }
      const endAt = s.lastUpdateTime?.getTime();
      const got = firstAt.get(expected[0] as string);
      if (endAt !== undefined && got !== undefined) arrivalMs.push(got - (endAt - offsetMs));
    }
  }
  return {
    terminalItems: items,
    exactlyOnce: once,
    missing,
    moreThanOnce: twice,
    executionEndToDeliveryMs: {
      p50: percentile(arrivalMs, 50),
      p99: percentile(arrivalMs, 99),
      max: arrivalMs.reduce((m, v) => Math.max(m, v), 0),
    },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
