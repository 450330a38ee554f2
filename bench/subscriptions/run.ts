import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { Redis } from 'ioredis';
import { startEmulatorServer } from '../../src/emulator/http-server';
import { EventPublisher } from '../../src/emulator/events/publisher';
import { simplePipeline } from '../../test/support/declarations';
import { EmulatorAdmin } from '../lib/emulator-admin';
import { round } from '../lib/stats';
import { deliveries } from './deliveries';
import { machine } from './machine';
import { type MemorySample, perSubscriberMemory, sampleMemory } from './memory';
import { type WindowReport } from './protocol';
import { deletePrefix } from './redis-prefix';
import { printReport } from './report';
import {
  ACTION_MS,
  CLIENT_PROCESSES,
  CLOCK_SPEED,
  DURATION_S,
  EXEC_PERIOD_S,
  FEW,
  GATEWAY_ENV,
  GRACE_S,
  PIPELINES,
  REDIS_URL,
  SETTLE_S,
  SUBSCRIBERS,
  WARMUP_S,
  sleep,
} from './settings';
import { measureWindow, type Window } from './window';
import { openSubscribers, startClients, startGatewayProcess } from './workers';
import { startWorkload } from './workload';

/**
 * `npm run bench:subscriptions`: one gateway process on Redis, thousands of
 * graphql-ws subscribers spread over client processes, executions flowing
 * through an emulator fleet on a real-time clock. Two windows of the same
 * length, side by side in one run: few subscribers (one per pipeline), then
 * many (the same ones plus the rest). Reports upstream calls per minute in
 * each, detection-to-delivery latency, gateway memory per subscriber and
 * gateway CPU. The parts live next to this file; this one wires them and
 * writes the results.
 */

// Node 20 is this project's runtime; the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** Set by BENCH_SUBS_PUSH=1: the key of the gateway's /events, which the emulator's events are sent to. */
const PUSH_KEY = process.env.BENCH_SUBS_PUSH === '1' ? `bench-subs-${randomUUID()}` : undefined;
const RESULTS_FILE = join(
  ROOT,
  'bench',
  'results',
  PUSH_KEY ? 'subscriptions-push.json' : 'subscriptions.json',
);

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
    CODEPIPELINE_MODE: 'endpoint',
    CODEPIPELINE_ENDPOINT: emulator.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    ...GATEWAY_ENV,
    ...(PUSH_KEY ? { EVENTS_API_KEY: PUSH_KEY } : {}),
  });
  // BENCH_SUBS_PUSH=1 (issue 12): the emulator POSTs its EventBridge events to the gateway's /events.
  if (PUSH_KEY) {
    emulator.emulator.events = new EventPublisher(emulator.emulator, {
      url: url.replace(/\/graphql$/, '/events'),
      apiKey: PUSH_KEY,
    });
  }
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

    const perSubscriber = perSubscriberMemory(
      memory[0] as MemorySample,
      memory[2] as MemorySample,
      SUBSCRIBERS,
    );

    printReport({
      few,
      many,
      fewDeliveries,
      manyDeliveries,
      memory,
      afterClose,
      perSubscriber,
      openMs,
      workloadErrors: workload.errors(),
    });

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
        push: PUSH_KEY !== undefined,
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
