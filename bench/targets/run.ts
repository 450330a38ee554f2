import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { startEmulatorServer } from '../../src/emulator/http-server';
import { parseConfig } from '../../src/server/config';
import { startGateway } from '../../src/server/gateway';
import { simplePipeline } from '../../test/support/declarations';
import { CallChain } from '../lib/call-chain';
import { EmulatorAdmin } from '../lib/emulator-admin';
import { postQuery } from '../lib/graphql';
import { printTable } from '../lib/stats';

/**
 * The dashboard over three targets of 50 pipelines each (two accounts, three
 * account-and-region pairs, reached through AssumeRole at the emulator's
 * STS): upstream calls cold and warm, and the longest chain of dependent
 * calls cold, at 20 ms per call. `npm run bench:targets`.
 */

const PER_TARGET = 50;
const ALL_PAIRS = [
  ['111111111111', 'us-east-1'],
  ['111111111111', 'eu-west-1'],
  ['222222222222', 'us-east-1'],
] as const;
/** `BENCH_SEEDED_TARGETS=1` seeds only the first pair (the others stay empty): the one-target control. */
const PAIRS = ALL_PAIRS.slice(0, Number(process.env.BENCH_SEEDED_TARGETS ?? ALL_PAIRS.length));

const DASHBOARD = `{
  pipelines(first: 150) {
    edges { node {
      name account region
      stages { name actions { name latestExecution { status } } }
      latestExecution { status }
      executions(first: 5) { edges { node { pipelineExecutionId status } } }
      tags { key value }
    } }
    pageInfo { hasNextPage }
  }
}`;

interface Dashboard {
  pipelines: { edges: { node: { account: string } }[] };
}

async function main(): Promise<void> {
  const emu = await startEmulatorServer({ seed: 'none', tickIntervalMs: 0 });
  const chain = new CallChain(emu.server);
  const admin = new EmulatorAdmin(emu.url);
  const clients: CodePipelineClient[] = [];
  for (const [account, region] of PAIRS) {
    const client = new CodePipelineClient({
      endpoint: emu.url,
      region,
      credentials: fromTemporaryCredentials({
        params: { RoleArn: `arn:aws:iam::${account}:role/seeder`, RoleSessionName: 'seeder' },
        masterCredentials: { accessKeyId: 'AKIDSEEDER', secretAccessKey: 'secret' },
        clientConfig: { endpoint: emu.url, region },
      }),
    });
    clients.push(client);
    for (let i = 0; i < PER_TARGET; i += 1) {
      const name = `svc-${String(i).padStart(2, '0')}`;
      await client.send(
        new CreatePipelineCommand({
          pipeline: simplePipeline(name),
          tags: [{ key: 'team', value: `t${i % 5}` }],
        }),
      );
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-targets-'));
  const targetsFile = join(dir, 'targets.yaml');
  writeFileSync(
    targetsFile,
    [
      'targets:',
      '  - account: "111111111111"',
      '    regions: [us-east-1, eu-west-1]',
      '    roleArn: arn:aws:iam::111111111111:role/pipeline-gateway-read',
      '  - account: "222222222222"',
      '    regions: [us-east-1]',
      '    roleArn: arn:aws:iam::222222222222:role/pipeline-gateway-read',
      '',
    ].join('\n'),
  );
  const start = () =>
    startGateway(
      parseConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CODEPIPELINE_MODE: 'endpoint',
        CODEPIPELINE_ENDPOINT: emu.url,
        TARGETS_FILE: targetsFile,
        MAX_PAGE_SIZE: '150',
        // Warm reads come from the data cache, not from a kept whole answer.
        RESPONSE_CACHE_ENTRIES: '0',
        // No budget in the way of a cold wave: this bench counts calls and their chain.
        UPSTREAM_CALLS_PER_SECOND: '0',
        LOG_LEVEL: 'error',
      }),
    );
  const gateway = await start();
  const rows: (string | number)[][] = [];
  const results: Record<string, unknown> = {};
  try {
    await admin.setLatency(20);
    await admin.resetStats();
    chain.reset();
    const started = performance.now();
    const cold = await postQuery<Dashboard>(gateway.url, DASHBOARD);
    const coldMs = performance.now() - started;
    const coldCalls = await admin.stats();
    const coldDepth = chain.depth();
    if (cold.data.pipelines.edges.length !== PAIRS.length * PER_TARGET) {
      throw new Error(
        `expected ${PAIRS.length * PER_TARGET} pipelines, got ${cold.data.pipelines.edges.length}`,
      );
    }
    await admin.resetStats();
    chain.reset();
    const warmStarted = performance.now();
    await postQuery<Dashboard>(gateway.url, DASHBOARD);
    const warmMs = performance.now() - warmStarted;
    const warmCalls = await admin.stats();
    const warmDepth = chain.depth();
    // The structure, with latency far above the gateway's own CPU: a fresh (cold) gateway at 3 s per call.
    const structural = await start();
    await admin.setLatency(3_000);
    chain.reset();
    await postQuery<Dashboard>(structural.url, DASHBOARD);
    const depthAt3s = chain.depth();
    await admin.setLatency(0);
    await structural.close();
    rows.push(['cold @3 s', '', '', depthAt3s, '']);
    rows.push(['cold', coldCalls.total, JSON.stringify(coldCalls.calls), coldDepth, Math.round(coldMs)]);
    rows.push(['warm', warmCalls.total, JSON.stringify(warmCalls.calls), warmDepth, Math.round(warmMs)]);
    Object.assign(results, {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
      node: process.version,
      targets: PAIRS.length,
      pipelinesPerTarget: PER_TARGET,
      latencyMs: 20,
      cold: { calls: coldCalls, depth: coldDepth, ms: coldMs, depthAt3s },
      warm: { calls: warmCalls, depth: warmDepth, ms: warmMs },
    });
  } finally {
    await gateway.close();
    for (const client of clients) client.destroy();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable('Dashboard over 3 targets x 50 pipelines (20 ms per upstream call)', [
    ['run', 'calls', 'by operation', 'chain depth', 'ms'],
    ...rows,
  ]);
  mkdirSync(join(__dirname, '..', '..', '..', '..', 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, '..', '..', '..', '..', 'bench', 'results', 'targets.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
