import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { EventPublisher } from '../../src/emulator/events/publisher';
import { startEmulatorServer } from '../../src/emulator/http-server';
import { simplePipeline } from '../../test/support/declarations';
import { SERVERS, startChild } from '../lib/child';
import { EmulatorAdmin } from '../lib/emulator-admin';
import { percentile, printTable, round } from '../lib/stats';
import { PollLog } from './poll-log';

/**
 * `npm run bench:poller`: one gateway watching every pipeline of a large
 * estate (one `pipelineEvents` subscription with no filter watches them all)
 * under a small fleet-wide call budget. Reports, from the emulator's side,
 * how long each pipeline waited between two polls (its GetPipelineState
 * calls) and the upstream calls per minute, for the pipelines with a
 * running execution and for the idle ones.
 */

const PIPELINES = Number(process.env.BENCH_POLLER_PIPELINES ?? 1000);
const RUNNING = Number(process.env.BENCH_POLLER_RUNNING ?? 50);
const CALLS_PER_SECOND = process.env.BENCH_POLLER_CALLS_PER_SECOND ?? '5';
const WARMUP_S = Number(process.env.BENCH_POLLER_WARMUP_S ?? 30);
const DURATION_S = Number(process.env.BENCH_POLLER_DURATION_S ?? 600);
/** `BENCH_POLLER_PUSH=1`: the emulator also pushes CodePipeline's EventBridge events to the gateway's /events. */
const PUSH = process.env.BENCH_POLLER_PUSH === '1';
const EVENTS_KEY = `bench-poller-${randomUUID()}`;
/** `BENCH_POLLER_STARTS_PER_MINUTE`: executions started on idle pipelines during the run, so events flow. */
const STARTS_PER_MINUTE = Number(process.env.BENCH_POLLER_STARTS_PER_MINUTE ?? 0);
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const RESULTS_FILE = process.env.BENCH_RESULTS_FILE ?? join(ROOT, 'bench', 'results', 'poller.json');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summary(gaps: number[]) {
  return {
    pipelines: gaps.length,
    longestWaitS: round(Math.max(0, ...gaps) / 1000, 1),
    p50LongestWaitS: round(percentile(gaps, 50) / 1000, 1),
    p99LongestWaitS: round(percentile(gaps, 99) / 1000, 1),
  };
}

async function main(): Promise<void> {
  const started = new Date();
  console.log(
    `bench:poller ${PIPELINES} pipelines (${RUNNING} running), ${CALLS_PER_SECOND} calls/s, ` +
      `${PUSH ? 'pushed events and polls' : 'polls alone'}, ${started.toISOString()}`,
  );
  const emulator = await startEmulatorServer({ seed: 'none' });
  const log = new PollLog(emulator.server);
  const admin = new EmulatorAdmin(emulator.url);
  const client = new CodePipelineClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
    maxAttempts: 1,
  });
  const names = Array.from({ length: PIPELINES }, (_, i) => `p-${String(i).padStart(4, '0')}`);
  const running = new Set(names.slice(0, RUNNING));
  // CreatePipeline starts a run: the running ones build for an hour, the others finish within seconds.
  for (const name of names) {
    const build = running.has(name) ? { EmulatorDurationMs: '3600000' } : undefined;
    await client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name, { build }) }));
  }
  await sleep(15_000);
  const gateway = await startChild('gateway', SERVERS.gateway, {
    PORT: '0',
    HOST: '127.0.0.1',
    CODEPIPELINE_MODE: 'endpoint',
    CODEPIPELINE_ENDPOINT: emulator.url,
    UPSTREAM_CALLS_PER_SECOND: CALLS_PER_SECOND,
    ...(PUSH ? { EVENTS_API_KEY: EVENTS_KEY } : {}),
  });
  if (PUSH) {
    emulator.emulator.events = new EventPublisher(emulator.emulator, {
      url: gateway.url.replace(/\/graphql$/, '/events'),
      apiKey: EVENTS_KEY,
    });
  }
  const ws = createClient({ url: gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: false });
  let events = 0;
  const unsubscribe = ws.subscribe(
    { query: 'subscription { pipelineEvents { pipelineName } }' },
    {
      next: () => (events += 1),
      error: (err) => console.error('subscription failed', err),
      complete: () => undefined,
    },
  );
  // Activity on the idle pipelines, one start at a time in turn: what makes CodePipeline emit events.
  const idle = names.filter((n) => !running.has(n));
  let starts = 0;
  const activity =
    STARTS_PER_MINUTE > 0
      ? setInterval(() => {
          const name = idle[starts % idle.length] ?? '';
          starts += 1;
          client.send(new StartPipelineExecutionCommand({ name })).catch(() => undefined);
        }, 60_000 / STARTS_PER_MINUTE)
      : undefined;
  try {
    await sleep(WARMUP_S * 1000);
    await admin.resetStats();
    log.reset();
    const windowStart = performance.now();
    await sleep(DURATION_S * 1000);
    const windowEnd = performance.now();
    const stats = await admin.stats();
    const gaps = (set: string[]) => set.map((n) => log.longestGap(n, windowStart, windowEnd));
    const result = {
      command: 'npm run bench:poller',
      date: started.toISOString(),
      settings: {
        pipelines: PIPELINES,
        running: RUNNING,
        callsPerSecond: Number(CALLS_PER_SECOND),
        warmupS: WARMUP_S,
        durationS: DURATION_S,
        pushedEvents: PUSH,
        startsPerMinute: STARTS_PER_MINUTE,
      },
      // The gateway's calls: the bench's own StartPipelineExecution calls (the activity) are not counted.
      callsPerMinute: round(((stats.total - (stats.calls.StartPipelineExecution ?? 0)) * 60) / DURATION_S, 1),
      callsByOperation: stats.calls,
      polls: log.count(),
      pipelinesPolled: names.filter((n) => log.polled(n)).length,
      events,
      running: summary(gaps([...running])),
      idle: summary(gaps(names.filter((n) => !running.has(n)))),
    };
    printTable(
      `Poller: ${PIPELINES} watched pipelines, UPSTREAM_CALLS_PER_SECOND=${CALLS_PER_SECOND}, ` +
        `${DURATION_S} s window${PUSH ? ', pushed events' : ''}`,
      [
        ['pipelines', 'count', 'longest wait s', 'p50 longest wait s', 'p99 longest wait s'],
        [
          'running an execution',
          result.running.pipelines,
          result.running.longestWaitS,
          result.running.p50LongestWaitS,
          result.running.p99LongestWaitS,
        ],
        [
          'idle',
          result.idle.pipelines,
          result.idle.longestWaitS,
          result.idle.p50LongestWaitS,
          result.idle.p99LongestWaitS,
        ],
      ],
    );
    console.log(
      `\nstarts ${starts}; upstream calls/min ${result.callsPerMinute} (${JSON.stringify(stats.calls)}); polls ${result.polls}; pipelines polled ${result.pipelinesPolled}/${PIPELINES}; events ${events}`,
    );
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${RESULTS_FILE}`);
  } finally {
    clearInterval(activity);
    unsubscribe();
    await ws.dispose();
    await gateway.stop();
    client.destroy();
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
