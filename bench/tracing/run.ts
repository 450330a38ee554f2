import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { DASHBOARD } from '../lib/dashboard';

/**
 * `npm run bench:tracing`: the cost of tracing. Two gateway processes
 * (`node dist/server/main.js`, the built-in emulator's demo fleet), one with
 * tracing off and one with OTEL_EXPORTER_OTLP_ENDPOINT pointed at an
 * OTLP/HTTP receiver in this process, each warmed, then loaded with the same
 * warm dashboard query in alternating rounds, so load from elsewhere on the
 * machine falls on both. The response cache is off (every request executes:
 * HTTP, GraphQL and loader-batch spans each time; warm, so no upstream call).
 */

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'server', 'main.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const QUERY = JSON.stringify({ query: DASHBOARD });

interface Gateway {
  name: string;
  url: string;
  child: ChildProcess;
}

function startGateway(name: string, env: Record<string, string>): Promise<Gateway> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      // Info, as deployed: the banner (which names the URL) and one line per request, on both.
      LOG_LEVEL: 'info',
      AUDIT_LOG: 'off',
      RESPONSE_CACHE_ENTRIES: '0',
      UPSTREAM_CALLS_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /serving (http:\/\/\S+\/graphql)/.exec(out)?.[1];
      if (url) resolvePromise({ name, url, child });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before serving:\n${out}`)));
  });
}

function load(url: string, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: QUERY,
    connections: CONNECTIONS,
    duration: durationS,
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function main(): Promise<void> {
  let spansReceived = 0;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
      for (const rs of payload.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? []) spansReceived += ss.spans?.length ?? 0;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const gateways = [
    await startGateway('tracing off', {}),
    await startGateway('tracing on', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
  ];
  const perRound = new Map<string, number[]>(gateways.map((g) => [g.name, []]));
  const latency = new Map<string, number[]>(gateways.map((g) => [g.name, []]));
  try {
    for (const g of gateways) await load(g.url, 3); // warm: the cache is full, the JIT has run
    const spansBefore = spansReceived;
    let onRequests = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const order = round % 2 === 1 ? gateways : [...gateways].reverse();
      for (const g of order) {
        const result = await load(g.url, DURATION_S);
        if (result.non2xx > 0 || result.errors > 0)
          throw new Error(`${g.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        perRound.get(g.name)?.push(result.requests.average);
        latency.get(g.name)?.push(result.latency.p99);
        if (g.name === 'tracing on') onRequests += result.requests.total;
        console.log(
          `round ${round} ${g.name}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms`,
        );
      }
    }
    await new Promise((r) => setTimeout(r, 6_000)); // the last batch of spans
    const off = median(perRound.get('tracing off') ?? []);
    const on = median(perRound.get('tracing on') ?? []);
    const results = {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      settings: { rounds: ROUNDS, durationS: DURATION_S, connections: CONNECTIONS, responseCache: 'off' },
      requestsPerSecond: { off, on, ratioOnToOff: Number((on / off).toFixed(3)) },
      p99LatencyMs: {
        off: median(latency.get('tracing off') ?? []),
        on: median(latency.get('tracing on') ?? []),
      },
      rounds: Object.fromEntries(perRound),
      spansPerTracedRequest: Number(((spansReceived - spansBefore) / Math.max(1, onRequests)).toFixed(2)),
    };
    console.log(JSON.stringify(results, null, 2));
    const file = join(ROOT, 'bench', 'results', 'tracing.json');
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    for (const g of gateways) g.child.kill('SIGTERM');
    receiver.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
