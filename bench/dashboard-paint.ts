import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startEmulatorServer } from '../src/emulator/http-server';
import { parseConfig } from '../src/server/config';
import { startGateway } from '../src/server/gateway';
import { launchChromium } from '../test/browser/support/browser';
import { PIPELINES, seedFleet } from './lib/dashboard';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';

/**
 * The dashboard's first paint over 50 pipelines, in Chromium: the gateway in
 * process over the emulator (50 pipelines, `svc-00`..`svc-49`), a fresh
 * browser context per load (no HTTP cache, no sessionStorage), and the
 * page's own performance timings. `npm run bench:dashboard`.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

interface Timing {
  /** First contentful paint (the shell), from navigation start. */
  fcp: number;
  /** All 50 pipeline cards in the DOM and painted (next animation frame), from navigation start. */
  grid: number;
  /** Every card with its stages and statuses, painted. */
  full: number;
  /** Script bytes transferred (compressed) for the page. */
  transferred: number;
  /** Main-thread work of the renderer until then (Chromium's TaskDuration), less sensitive to a loaded machine. */
  mainThread?: number;
  /** Of which running JavaScript (ScriptDuration). */
  script?: number;
}

/** What the in-page functions use of the browser (the bench compiles without the DOM's types). */
interface PageGlobals {
  document: { querySelectorAll(selector: string): { length: number } };
  requestAnimationFrame(callback: () => void): void;
  performance: {
    now(): number;
    getEntriesByName(name: string): { startTime: number }[];
    getEntriesByType(type: string): { transferSize?: number }[];
  };
}

/** Read in the page once the grid is there: the next frame is when it is painted. */
function inPageTiming(): Promise<Timing> {
  const g = globalThis as unknown as PageGlobals;
  return new Promise((done) =>
    g.requestAnimationFrame(() => {
      const grid = g.performance.now();
      const fcp = g.performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      const transferred = g.performance
        .getEntriesByType('resource')
        .reduce((sum, e) => sum + (e.transferSize ?? 0), 0);
      done({ fcp, grid, full: grid, transferred });
    }),
  );
}

function gridShown(count: number): boolean {
  const g = globalThis as unknown as PageGlobals;
  return g.document.querySelectorAll('article[data-pipeline]').length === count;
}

function stagesShown(count: number): boolean {
  const g = globalThis as unknown as PageGlobals;
  return g.document.querySelectorAll('article[data-pipeline] .stages > li:first-child').length === count;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function bundle(name: string): { raw: number; gzip: number } {
  const body = readFileSync(join(ROOT, 'dist', 'web', 'assets', name));
  return { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

async function main(): Promise<void> {
  const emulator = await startEmulatorServer({ seed: 'none', tickIntervalMs: 100 });
  const client = new CodePipelineClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  await seedFleet(client);
  const gateway = await startGateway(
    parseConfig({ PORT: '0', HOST: '127.0.0.1', CODEPIPELINE_ENDPOINT: emulator.url, LOG_LEVEL: 'error' }),
  );
  const root = gateway.url.replace(/\/graphql$/, '/');
  const browser = await launchChromium();
  const timings: Timing[] = [];
  try {
    for (let run = 0; run <= RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(root);
      await page.waitForFunction(gridShown, PIPELINES, { timeout: 30_000 });
      const timing = await page.evaluate(inPageTiming);
      await page.waitForFunction(stagesShown, PIPELINES, { timeout: 30_000 });
      timing.full = (await page.evaluate(inPageTiming)).grid;
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
      timing.mainThread = metric('TaskDuration');
      timing.script = metric('ScriptDuration');
      timings.push(timing);
      await context.close();
    }
  } finally {
    await browser.close();
    await gateway.close();
    client.destroy();
    await emulator.close();
  }
  const [cold, ...warm] = timings;
  const js = bundle('dashboard.js');
  const css = bundle('dashboard.css');
  const graphiql = bundle('graphiql/graphiql.js');
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}`,
  );
  console.log(
    `dashboard over ${PIPELINES} pipelines, ${warm.length} warm loads after one cold one (fresh context each)`,
  );
  console.log(
    '| Load | First contentful paint | Grid of 50 painted | With stages and statuses | Transferred |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  if (cold)
    console.log(
      `| cold gateway cache | ${cold.fcp.toFixed(0)} ms | ${cold.grid.toFixed(0)} ms | ${cold.full.toFixed(0)} ms | ${kb(cold.transferred)} |`,
    );
  console.log(
    `| warm, median | ${median(warm.map((t) => t.fcp)).toFixed(0)} ms | ${median(warm.map((t) => t.grid)).toFixed(0)} ms | ${median(warm.map((t) => t.full)).toFixed(0)} ms | ${kb(median(warm.map((t) => t.transferred)))} |`,
  );
  console.log(
    `| warm, worst | ${Math.max(...warm.map((t) => t.fcp)).toFixed(0)} ms | ${Math.max(...warm.map((t) => t.grid)).toFixed(0)} ms | ${Math.max(...warm.map((t) => t.full)).toFixed(0)} ms | |`,
  );
  console.log(
    `renderer main thread until statuses painted (warm, median): ${median(warm.map((t) => t.mainThread ?? NaN)).toFixed(0)} ms of work, ${median(warm.map((t) => t.script ?? NaN)).toFixed(0)} ms of it JavaScript; load average ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(
    `bundle: dashboard.js ${kb(js.raw)} (${kb(js.gzip)} gzipped), dashboard.css ${kb(css.raw)} (${kb(css.gzip)} gzipped); graphiql.js ${kb(graphiql.raw)} (${kb(graphiql.gzip)} gzipped, GraphiQL page only)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
