import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../support/declarations';
import { report } from '../support/verbose';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { postGraphQL, seededRandom } from '../support/faults';
import { Draw, httpCases } from '../support/fuzz-http-cases';
import { type CaseResult, runHttpCase, runWsCase } from '../support/fuzz-run';
import { wsCases } from '../support/fuzz-ws-cases';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../support/processes';

/**
 * A few hundred hostile and malformed requests, drawn from a seeded PRNG,
 * against a real gateway process in production mode (API keys, no stack
 * traces, introspection off). Whatever they are, the process must stay up,
 * answer each below 500 with a coded error, and serve normally afterwards.
 */

jest.setTimeout(45_000);

const SEED = 20_240_606;
const API_KEY = 'fuzz-key-0123456789abcdef0123456789abcdef';
/** The default MAX_BODY_BYTES: deep nesting then reaches depths that overflow the parser's stack. */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_MESSAGE_BYTES = 16 * 1024;
const MAX_SUBSCRIPTIONS = 5;
const PIPELINES = ['fuzz-a', 'fuzz-b', 'fuzz-c'];
const CONCURRENCY = 8;
/**
 * Close codes that stand for a server fault: abnormal closure (no close frame), the WebSocket internal
 * error, and graphql-ws's own internal error (4500).
 */
const SERVER_FAULT_CLOSES = [1006, 1011, 4500];

async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      results.push(await run(item));
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}

describe('hostile and malformed input', () => {
  let emu: TestEmulator;
  let gateway: GatewayProcess;
  let base: string;
  let exited = false;

  beforeAll(async () => {
    [emu] = await Promise.all([startTestEmulator(), ensureBuilt()]);
    for (const name of PIPELINES) {
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    emu.advance(30_000);
    gateway = await startGatewayProcess({
      NODE_ENV: 'production',
      CODEPIPELINE_MODE: 'endpoint',
      CODEPIPELINE_ENDPOINT: emu.url,
      REDIS_URL: '',
      AUTH_MODE: 'api-key',
      API_KEYS: `${API_KEY} admin * fuzzer`,
      // The fuzzer is one principal sending hundreds of requests a second: no rate limit in its way.
      RATE_LIMIT_PER_SECOND: '0',
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      WS_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      WS_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS),
      WS_CONNECTION_INIT_TIMEOUT_MS: '1000',
      UPSTREAM_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'warn',
    });
    void gateway.stopped.then(() => (exited = true));
    base = gateway.url.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await gateway?.stopped;
    await emu?.close();
  });

  it('survives a few hundred seeded cases with no crash, no 5xx and a code on every error', async () => {
    const draw = new Draw(seededRandom(SEED));
    const authorization = `Bearer ${API_KEY}`;
    const http = httpCases({ draw, authorization, maxBodyBytes: MAX_BODY_BYTES, pipelines: PIPELINES });
    const ws = wsCases({
      draw,
      authorization,
      maxMessageBytes: MAX_MESSAGE_BYTES,
      maxSubscriptions: MAX_SUBSCRIPTIONS,
    });
    const results: CaseResult[] = [
      ...(await inBatches(http, CONCURRENCY, (c) => runHttpCase(base, c))),
      ...(await inBatches(ws, CONCURRENCY, (c) => runWsCase(gateway.url.replace(/^http/, 'ws'), c))),
    ];

    const summary = new Map<string, { cases: number; errors: number; statuses: Map<string, number> }>();
    for (const r of results) {
      const row = summary.get(r.category) ?? { cases: 0, errors: 0, statuses: new Map<string, number>() };
      row.errors += r.errors.length;
      const outcome = r.failure
        ? 'no answer'
        : r.refused
          ? r.refused
          : r.status !== undefined
            ? String(r.status)
            : `close ${r.closeCode ?? '?'}`;
      row.cases++;
      row.statuses.set(outcome, (row.statuses.get(outcome) ?? 0) + 1);
      summary.set(r.category, row);
    }
    report(
      [
        `fuzz (seed ${SEED}): ${results.length} cases, ${http.length} HTTP and ${ws.length} WebSocket`,
        ...[...summary].map(
          ([category, row]) =>
            `  ${category.padEnd(20)} ${String(row.cases).padStart(4)} cases ${String(row.errors).padStart(5)} errors  ${[
              ...row.statuses,
            ]
              .map(([k, n]) => `${k}×${n}`)
              .join(' ')}`,
        ),
      ].join('\n'),
    );

    expect(results.length).toBeGreaterThanOrEqual(300);
    expect(exited).toBe(false);
    const problems = results.flatMap((r) => [
      ...(r.failure !== undefined ? [`${r.label}: no answer (${r.failure})`] : []),
      ...((r.status ?? 0) >= 500 ? [`${r.label}: HTTP ${r.status}`] : []),
      ...(r.closeCode !== undefined && SERVER_FAULT_CLOSES.includes(r.closeCode)
        ? [`${r.label}: closed ${r.closeCode}`]
        : []),
      ...r.errors
        .filter((e) => typeof e.extensions?.code !== 'string')
        .map((e) => `${r.label}: error without a code: ${String(e.message).slice(0, 160)}`),
    ]);
    expect(problems).toEqual([]);
  });

  it('is still alive and serving normally afterwards', async () => {
    expect(exited).toBe(false);
    const alive = await fetch(`${base}/healthz`);
    expect(alive.status).toBe(200);
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: `{ pipeline(name: "fuzz-a") { name stages { name } } }` }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      data: { pipeline: { name: 'fuzz-a', stages: [{ name: 'Source' }, { name: 'Build' }] } },
    });
    // The unauthenticated helper is refused, which also shows the auth path still works.
    expect((await postGraphQL(gateway.url, '{ gateway { version } }')).status).toBe(401);
    expect(gateway.output()).not.toMatch(/uncaught|unhandled|heap out of memory/i);
    if (process.env.FUZZ_SHOW_OUTPUT) report(gateway.output().slice(-20_000));
  });
});
