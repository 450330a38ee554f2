import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { Redis } from 'ioredis';
import { startEmulatorServer } from '../src/emulator/http-server';
import { CallChain } from './lib/call-chain';
import { PIPELINES, seedFleet } from './lib/dashboard';
import { EmulatorAdmin } from './lib/emulator-admin';
import { benchCalls } from './read/calls';
import { flushPrefix } from './read/children';
import { benchColdLatency } from './read/cold-latency';
import { type Context } from './read/context';
import { machine } from './read/machine';
import { report } from './read/report';
import {
  BEFORE_GATEWAY,
  COLD_RUNS,
  COLD_WARMUP_RUNS,
  CONNECTIONS,
  DURATION_S,
  GATEWAY_NODE_ARGS,
  LATENCY_MS,
  PARTS,
  REDIS_URL,
  ROUNDS,
  SERVER_FILTER,
  STRUCTURE_LATENCY_MS,
  STRUCTURE_RUNS,
  WARMUP_S,
} from './read/settings';
import { benchThroughput } from './read/throughput';

/**
 * `npm run bench`: upstream calls (gateway vs a naive gateway), warm
 * throughput (gateway vs bare Apollo on static data) and cold latency under
 * upstream latency, all in one run against one emulator. Servers run in child
 * processes; this process drives them (and runs autocannon and the emulator).
 * The parts live in bench/read/; this file wires them and writes the results.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
/** Where the results go; `BENCH_RESULTS_FILE` keeps a partial run (BENCH_PARTS, BENCH_SERVERS) apart. */
const RESULTS_FILE = process.env.BENCH_RESULTS_FILE ?? join(ROOT, 'bench', 'results', 'latest.json');

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

    // The calls bench also captures the answer the throughput baseline serves, so it always runs.
    console.log('\n[1/3] upstream calls ...');
    const calls = await benchCalls(ctx);
    console.log('[2/3] warm throughput ...');
    const throughput = PARTS.includes('throughput') ? await benchThroughput(ctx, calls.data) : {};
    console.log('[3/3] cold latency ...');
    const cold = PARTS.includes('cold') ? await benchColdLatency(ctx) : {};

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
        parts: PARTS,
        servers: SERVER_FILTER,
        beforeGateway: BEFORE_GATEWAY,
        throughputTtls: 'CACHE_TTL_*_SECONDS=3600 (nothing expires during a run)',
      },
      upstreamCalls: { results: calls.results, naiveOverGateway: ratios.callRatios },
      throughput: { results: throughput, gatewayOverBaseline: ratios.throughputRatios },
      coldLatency: cold,
    };
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
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
