import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { Redis } from 'ioredis';
import { startEmulatorServer } from '../../src/emulator/http-server';
import { parseConfig } from '../../src/server/config';
import { startGateway } from '../../src/server/gateway';

/**
 * Delivery insights over a fleet with history (issue 16): BENCH_PIPELINES
 * pipelines (200) with BENCH_DAYS days (90) of executions, BENCH_PER_DAY a
 * day (2, a tenth failing), seeded through the emulator over HTTP with the
 * SDK while its clock is advanced. Then `deliveryMetrics` over the whole
 * window, cold (the ledger is empty) and warm, and `revision` for a commit
 * of the last day: upstream calls from `extensions.upstream`, completeness
 * from `extensions.insights`, and wall time. The gateway runs in-process on
 * Redis (REDIS_URL) with the call budget off, so the figures are calls, not pacing.
 */

const PIPELINES = Number(process.env.BENCH_PIPELINES ?? 200);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const PER_DAY = Number(process.env.BENCH_PER_DAY ?? 2);
const DAY = 24 * 3600_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function pipeline(name: string) {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/codepipeline-service-role',
    artifactStore: { type: 'S3' as const, location: 'emulator-artifact-bucket' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: {
              category: 'Source' as const,
              owner: 'AWS' as const,
              provider: 'S3',
              version: '1',
            },
            configuration: { S3Bucket: 'emulator-source-bucket', S3ObjectKey: 'source.zip' },
            outputArtifacts: [{ name: 'SourceArtifact' }],
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Build',
            actionTypeId: {
              category: 'Build' as const,
              owner: 'AWS' as const,
              provider: 'CodeBuild',
              version: '1',
            },
            configuration: { ProjectName: 'build', EmulatorFailureRate: '0.1', EmulatorDurationMs: '300000' },
            inputArtifacts: [{ name: 'SourceArtifact' }],
            outputArtifacts: [{ name: 'BuildArtifact' }],
          },
        ],
      },
    ],
  };
}

async function main(): Promise<void> {
  const emulator = await startEmulatorServer({ seed: 'none', tickIntervalMs: 0 });
  const client = new CodePipelineClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  const startMs = emulator.emulator.clock.nowMs();
  const seedStarted = performance.now();
  const names = Array.from({ length: PIPELINES }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  for (const name of names) await client.send(new CreatePipelineCommand({ pipeline: pipeline(name) }));
  let starts = 0;
  let lastCommit = '';
  for (let step = 0; step < DAYS * PER_DAY; step += 1) {
    await Promise.all(
      names.map(async (name) => {
        await client.send(new StartPipelineExecutionCommand({ name }));
        starts += 1;
      }),
    );
    emulator.emulator.advance(DAY / PER_DAY);
    if (step % 10 === 9)
      console.error(`seeded ${starts} executions (${Math.round(performance.now() - seedStarted)} ms)`);
  }
  // A commit of the last day, started on every tenth pipeline: the one `revision` looks for.
  lastCommit = randomUUID().replace(/-/g, '').padEnd(40, '0');
  for (const name of names.filter((_, i) => i % 10 === 0)) {
    await client.send(
      new StartPipelineExecutionCommand({
        name,
        sourceRevisions: [
          { actionName: 'Source', revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: lastCommit },
        ],
      }),
    );
  }
  emulator.emulator.advance(DAY / PER_DAY);
  const seedMs = performance.now() - seedStarted;

  const prefix = `bench:insights:${randomUUID()}:`;
  const gateway = await startGateway(
    parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CODEPIPELINE_MODE: 'endpoint',
      CODEPIPELINE_ENDPOINT: emulator.url,
      AWS_MAX_ATTEMPTS: '1',
      UPSTREAM_CALLS_PER_SECOND: '0',
      LOG_LEVEL: 'error',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
    }),
  );
  const query = async (q: string, variables: Record<string, unknown>) => {
    const t0 = performance.now();
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: q, variables }),
    });
    const body = (await res.json()) as {
      data?: Record<string, unknown>;
      errors?: unknown[];
      extensions?: { upstream?: { calls: number; byOperation: Record<string, number> }; insights?: unknown };
    };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return {
      ms: Math.round(performance.now() - t0),
      upstream: body.extensions?.upstream,
      insights: body.extensions?.insights,
      data: body.data,
    };
  };
  const metrics = `query ($since: DateTime!, $until: DateTime) {
    deliveryMetrics(since: $since, until: $until) {
      deployments deploymentFrequencyPerDay changeFailureRate leadTime { p50 p90 } timeToRestore { mean p50 }
      executions { status count } pipelines { pipeline { name } metrics { deployments changeFailureRate } }
    }
  }`;
  const window = {
    since: new Date(startMs).toISOString(),
    until: new Date(emulator.emulator.clock.nowMs()).toISOString(),
  };
  const cold = await query(metrics, window);
  const warm = await query(metrics, window);
  const revision = `query ($id: String!) { revision(revisionId: $id) { revisionId appearances { pipeline { name } furthestStage { name } } } }`;
  const revisionFirst = await query(revision, { id: lastCommit.slice(0, 7) });
  const revisionAgain = await query(revision, { id: lastCommit });
  const fleet = cold.data?.['deliveryMetrics'] as { deployments: number; executions: { count: number }[] };
  const result = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg1: loadavg()[0], node: process.version },
    fleet: {
      pipelines: PIPELINES,
      days: DAYS,
      perDay: PER_DAY,
      starts,
      seedSeconds: Math.round(seedMs / 1000),
    },
    executionsInWindow: fleet.executions.reduce((sum, e) => sum + e.count, 0),
    deployments: fleet.deployments,
    deliveryMetricsCold: { ms: cold.ms, upstream: cold.upstream, insights: cold.insights },
    deliveryMetricsWarm: { ms: warm.ms, upstream: warm.upstream, insights: warm.insights },
    revisionAfterMetrics: {
      ms: revisionFirst.ms,
      upstream: revisionFirst.upstream,
      appearances: (revisionFirst.data?.['revision'] as { appearances: unknown[] } | null)?.appearances
        .length,
    },
    revisionAgain: { ms: revisionAgain.ms, upstream: revisionAgain.upstream },
  };
  console.log(JSON.stringify(result, null, 2));
  const file = resolve(process.env.BENCH_RESULTS_FILE ?? 'bench/results/insights-latest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  await gateway.close();
  client.destroy();
  await emulator.close();
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
