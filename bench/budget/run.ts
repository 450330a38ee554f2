import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { simplePipeline } from '../../test/support/declarations';
import { percentile, printTable, round } from '../lib/stats';

/**
 * Budget under pressure (issue 10): three gateway replicas on one Redis against an emulator that throttles every
 * read operation above 10 calls a second; 20 clients querying a dashboard each with its own variables (so the
 * response cache misses), subscribers on 50 pipelines, a mutation a second; measured with the fleet-wide budget
 * (UPSTREAM_CALLS_PER_SECOND=8) and without it (0, today's behaviour).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PIPELINES = 50;
const CLIENTS = 20;
const READS = [
  'ListPipelines',
  'GetPipeline',
  'GetPipelineState',
  'ListPipelineExecutions',
  'GetPipelineExecution',
  'ListActionExecutions',
  'ListTagsForResource',
];
const DASHBOARD = `query Dashboard($first: Int!) {
  pipelines(first: $first) { edges { node { name stages { name actions { name } } latestExecution { status } } } }
}`;
const SUBSCRIPTION = `subscription S($name: String!) { pipelineStateChanged(name: $name) { name } }`;
const START = `mutation M($name: String!) { startPipelineExecution(input: { name: $name }) { pipelineExecution { status } } }`;

interface Replica {
  url: string;
  child: ChildProcess;
  /** Times this process fell back to a bucket of its own because Redis did not answer (logged by the gateway). */
  fallbacks: number;
}

/** The gateway as it ships: `node dist/server/main.js` (BENCH_GATEWAY_MAIN overrides), one process per replica. */
const MAIN = process.env.BENCH_GATEWAY_MAIN ?? join(process.cwd(), 'dist', 'server', 'main.js');

/** The emulator built beside the gateway, in a process of its own: the clients' load does not bunch its clock. */
const EMULATOR_MAIN = join(dirname(MAIN), '..', 'emulator', 'main.js');

function startReplica(env: Record<string, string>): Promise<Replica> {
  return startProcess(MAIN, env, /serving (http:\/\/\S+\/graphql)/);
}

async function startProcess(main: string, env: Record<string, string>, banner: RegExp): Promise<Replica> {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', NODE_PATH: process.env.NODE_PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const replica: Replica = { url: '', child, fallbacks: 0 };
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    let ready = false;
    child.stdout.on('data', (chunk: string) => {
      if (ready) {
        // Request log lines are read and dropped; a fall-back of the budget to a per-process bucket is counted.
        replica.fallbacks += chunk.split('call budget is per process').length - 1;
        return;
      }
      out += chunk;
      const match = banner.exec(out);
      if (match?.[1]) {
        ready = true;
        resolve(match[1]);
      }
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
    child.once('exit', (code) => {
      if (ready) console.error(`replica exited ${code}: ${err}`);
      reject(new Error(`replica exited ${code}:\n${out}${err}`));
    });
  });
  replica.url = url;
  return replica;
}

interface GqlError {
  message?: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

async function gql(url: string, query: string, variables: Record<string, unknown>) {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: GqlError[] };
    return { ms: performance.now() - started, errors: body.errors ?? [] };
  } catch (err) {
    // A refused or reset connection is a failed query too, counted under its cause.
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? 'NETWORK';
    return { ms: performance.now() - started, errors: [{ extensions: { code: cause } }] };
  }
}

async function admin(emulator: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emulator}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

async function scenario(emulator: string, callsPerSecond: number) {
  const prefix = `bench-budget:${randomUUID()}:`;
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    CODEPIPELINE_ENDPOINT: emulator,
    AWS_ACCOUNT_ID: '123456789012',
    AWS_REGION: 'us-east-1',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    UPSTREAM_CALLS_PER_SECOND: String(callsPerSecond),
    // The banner that names the URL is an info line.
    LOG_LEVEL: 'info',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  await admin(emulator, '/_emulator/faults', { tps: Object.fromEntries(READS.map((op) => [op, 10])) });
  const replicas = [await startReplica(env), await startReplica(env), await startReplica(env)];
  const subscribers = replicas.map((r) =>
    createClient({ url: r.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 }),
  );
  const unsubscribe: (() => void)[] = [];
  for (let i = 0; i < PIPELINES; i++) {
    const client = subscribers[i % subscribers.length]!;
    unsubscribe.push(
      client.subscribe(
        { query: SUBSCRIPTION, variables: { name: `bench-${i}` } },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      ),
    );
  }
  // Warm-up, not measured, with the subscribers on (the poller's first reads of 50 pipelines happen here): the
  // shared cache is filled (within the budget when it is on) until a dashboard answers whole.
  const warmStarted = Date.now();
  const warmUntil = warmStarted + 120_000;
  let warm = false;
  while (!warm && Date.now() < warmUntil)
    warm = (await gql(replicas[0]!.url, DASHBOARD, { first: PIPELINES })).errors.length === 0;
  const warmUpSeconds = round((Date.now() - warmStarted) / 1000, 1);
  // The load runs a lead-in before the window opens, so the window sees the steady state: the budget's bucket is
  // as drained at its start as at its end, and no quiet pause lets it fill up into a burst counted in the window.
  const leadInMs = 5000;
  let windowStart = Infinity;
  const stopAt = Date.now() + leadInMs + SECONDS * 1000;
  const queries: number[] = [];
  const mutations: number[] = [];
  const failures: Record<string, number> = {};
  // A few failures of each code, with their path and message, say where they come from.
  const samples: GqlError[] = [];
  const fail = (errors: GqlError[]) =>
    errors.forEach((e) => {
      const code = e.extensions?.code ?? '?';
      failures[code] = (failures[code] ?? 0) + 1;
      if (samples.filter((s) => s.extensions?.code === code).length < 3) samples.push(e);
    });
  const client = async (i: number) => {
    const url = replicas[i % 3]!.url;
    while (Date.now() < stopAt) {
      // Own variables: the response cache cannot answer one client with another's page.
      const started = Date.now();
      const { ms, errors } = await gql(url, DASHBOARD, { first: PIPELINES - (i % 10) });
      if (started < windowStart) continue;
      queries.push(ms);
      fail(errors);
    }
  };
  // A mutation a second, on the clock: a slow answer does not delay the next one.
  const writer = async () => {
    const sent: Promise<void>[] = [];
    for (let n = 0; Date.now() < stopAt; n++) {
      const next = Date.now() + 1000;
      const inWindow = next - 1000 >= windowStart;
      sent.push(
        gql(replicas[n % 3]!.url, START, { name: `bench-${n % PIPELINES}` }).then(({ ms, errors }) => {
          if (!inWindow) return;
          mutations.push(ms);
          fail(errors);
        }),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
    await Promise.all(sent);
  };
  const load = Promise.all([...Array.from({ length: CLIENTS }, (_, i) => client(i)), writer()]);
  await new Promise((r) => setTimeout(r, leadInMs));
  // The emulator counts from the reset to the read of its stats: that is the window calls/s is taken over.
  windowStart = Date.now();
  await admin(emulator, '/_emulator/stats/reset', {});
  const resetAt = Date.now();
  await load;
  const stats = (await admin(emulator, '/_emulator/stats')) as {
    calls: Record<string, number>;
    throttled?: Record<string, number>;
  };
  const seconds = (Date.now() - resetAt) / 1000;
  // Writes that waited for the budget longer than a second, from each replica's /metrics histogram.
  let writeWaits = 0;
  let writesOverOneSecond = 0;
  // The demand behind the calls: cached reads by kind and outcome, and budget tokens by priority, fleet-wide.
  const cacheReads: Record<string, number> = {};
  const tokens: Record<string, number> = {};
  const add = (into: Record<string, number>, key: string, n: number) => (into[key] = (into[key] ?? 0) + n);
  for (const r of replicas) {
    const text = await (await fetch(r.url.replace('/graphql', '/metrics'))).text();
    for (const m of text.matchAll(/^cpgw_cache_reads_total\{kind="([^"]+)",outcome="([^"]+)"\} (\d+)/gm))
      add(cacheReads, `${m[1]} ${m[2]}`, Number(m[3]));
    for (const m of text.matchAll(
      /^cpgw_upstream_budget_tokens_total\{[^}]*priority="([^"]+)"[^}]*\} (\d+)/gm,
    ))
      add(tokens, m[1]!, Number(m[2]));
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
    const count = value(/cpgw_upstream_budget_wait_seconds_count\{[^}]*priority="write"[^}]*\} (\d+)/);
    const underOne = value(
      /cpgw_upstream_budget_wait_seconds_bucket\{[^}]*le="1"[^}]*priority="write"[^}]*\} (\d+)/,
    );
    writeWaits += count;
    writesOverOneSecond += count - underOne;
  }
  unsubscribe.forEach((stop) => stop());
  await Promise.all(subscribers.map((c) => c.dispose()));
  await Promise.all(
    replicas.map(
      (r) =>
        new Promise<void>((resolve) => {
          r.child.once('exit', () => resolve());
          r.child.kill('SIGTERM');
          setTimeout(() => r.child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  const total = Object.values(stats.calls).reduce((a, b) => a + b, 0);
  const throttled = Object.values(stats.throttled ?? {}).reduce((a, b) => a + b, 0);
  return {
    budget: callsPerSecond === 0 ? 'off' : `${callsPerSecond}/s`,
    warmUpSeconds: warm ? warmUpSeconds : `not whole after ${warmUpSeconds}`,
    seconds: round(seconds, 1),
    callsPerSecond: round(total / seconds, 2),
    throttled,
    queries: queries.length,
    queryP50: round(percentile(queries, 50), 0),
    queryP99: round(percentile(queries, 99), 0),
    mutations: mutations.length,
    mutationP99: round(percentile(mutations, 99), 0),
    writeWaits,
    writesOverOneSecond,
    budgetFallbacks: replicas.reduce((n, r) => n + r.fallbacks, 0),
    failures,
    samples,
    calls: stats.calls,
    cacheReads,
    tokens,
  };
}

async function main(): Promise<void> {
  const emulatorProcess = await startProcess(
    EMULATOR_MAIN,
    { EMULATOR_PORT: '0', EMULATOR_SEED: 'none' },
    /listening on (http:\/\/\S+)/,
  );
  const emulator = { url: emulatorProcess.url };
  const sdk = new CodePipelineClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  for (let i = 0; i < PIPELINES; i++)
    await sdk.send(new CreatePipelineCommand({ pipeline: simplePipeline(`bench-${i}`) }));
  sdk.destroy();
  // BENCH_SIDES=on or off runs one side only (while investigating); the figures quote both, from one run.
  const sides = process.env.BENCH_SIDES ?? 'both';
  const on = sides === 'off' ? undefined : await scenario(emulator.url, 8);
  const off = sides === 'on' ? undefined : await scenario(emulator.url, 0);
  printTable(`Budget under pressure (${SECONDS} s, 3 replicas, reads throttled above 10/s per operation)`, [
    [
      'budget',
      'calls/s',
      'throttled',
      'queries',
      'query p50 ms',
      'query p99 ms',
      'mutations',
      'mutation p99 ms',
      'failures',
    ],
    ...[on, off]
      .flatMap((r) => (r ? [r] : []))
      .map((r) => [
        r.budget,
        r.callsPerSecond,
        r.throttled,
        r.queries,
        r.queryP50,
        r.queryP99,
        r.mutations,
        r.mutationP99,
        `${r.writesOverOneSecond}/${r.writeWaits}`,
        JSON.stringify(r.failures),
      ]),
  ]);
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(process.cwd(), 'bench', 'results', 'budget-latest.json'),
    JSON.stringify({ on, off }, null, 2),
  );
  console.log(JSON.stringify({ on, off }, null, 2));
  emulatorProcess.child.kill('SIGTERM');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
