import { performance } from 'node:perf_hooks';
import { postQuery } from '../lib/graphql';
import { percentile, round } from '../lib/stats';
import { flushPrefix, startGatewayChild, startNaiveChild } from './children';
import { type Context } from './context';
import { dashboard } from './dashboard-query';
import { COLD_RUNS, COLD_WARMUP_RUNS, LATENCY_MS, STRUCTURE_LATENCY_MS, STRUCTURE_RUNS } from './settings';

/** A server whose cache can be emptied before each timed dashboard. */
interface ColdSubject {
  /**
   * Times one dashboard on an empty cache. `ready` runs just before it, once the server is up and cold:
   * the counters start there, so a fresh process's start-up checks are not counted as the dashboard's.
   */
  coldRun(ready: () => Promise<void>): Promise<number>;
  stop(): Promise<void>;
}

async function timeDashboard(url: string): Promise<number> {
  const started = performance.now();
  await dashboard(url);
  return round(performance.now() - started, 1);
}

/** Waits for a fresh gateway's start-up checks of its targets (`/readyz` answers 200), so they end before the run. */
async function untilReady(graphqlUrl: string): Promise<void> {
  const readyz = graphqlUrl.replace(/\/graphql$/, '/readyz');
  for (let i = 0; i < 100; i += 1) {
    if ((await fetch(readyz)).status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${readyz} never answered 200`);
}

/** Discarded runs that let a long-lived process reach its steady state (JIT, sockets) before timing. */
async function warmUp(url: string): Promise<void> {
  for (let i = 0; i < COLD_WARMUP_RUNS; i += 1) await dashboard(url);
}

/**
 * One gateway process; its Redis keys are deleted before each run. Its near and response caches are off:
 * deleting Redis keys must make it cold, and in-process copies would not go.
 */
async function coldRedis(ctx: Context): Promise<ColdSubject> {
  const gateway = await startGatewayChild(ctx, 'redis', {
    NEAR_CACHE_ENTRIES: '0',
    RESPONSE_CACHE_ENTRIES: '0',
  });
  const prefix = gateway.prefix ?? '';
  for (let i = 0; i < COLD_WARMUP_RUNS; i += 1) {
    await flushPrefix(ctx.redis, prefix);
    await dashboard(gateway.url);
  }
  return {
    coldRun: async (ready) => {
      await flushPrefix(ctx.redis, prefix);
      await ready();
      return timeDashboard(gateway.url);
    },
    stop: () => gateway.stop(),
  };
}

/** A fresh gateway process per run (the memory cache lives and dies with it), warmed by a trivial query. */
async function coldMemory(ctx: Context): Promise<ColdSubject> {
  return {
    coldRun: async (ready) => {
      const gateway = await startGatewayChild(ctx, 'memory');
      try {
        await postQuery(gateway.url, '{ gateway { version } }');
        await untilReady(gateway.url);
        await ready();
        return await timeDashboard(gateway.url);
      } finally {
        await gateway.stop();
      }
    },
    stop: async () => undefined,
  };
}

/** The naive gateway has no cache: every run is cold. */
async function coldNaive(ctx: Context): Promise<ColdSubject> {
  const naive = await startNaiveChild(ctx);
  await warmUp(naive.url);
  return {
    coldRun: async (ready) => {
      await ready();
      return timeDashboard(naive.url);
    },
    stop: () => naive.stop(),
  };
}

/** One server's cold dashboard timings and call-chain depths, at each added upstream latency. */
export interface ColdLatencyRow {
  /** Wall times of the cold runs with no added latency, then with 20 ms per upstream call. */
  runsAt0Ms: number[];
  runsAt20Ms: number[];
  p50At0Ms: number;
  p50At20Ms: number;
  /** p50 at 20 ms per call / 20 ms, as the target states it. */
  depth: number;
  /** (p50 at 20 ms - p50 at 0 ms) / 20 ms: the round trips alone, the server's own work taken out. */
  netDepth: number;
  /** Upstream calls of one cold run (the last), to show it really was cold. */
  upstreamCalls: number;
  /** Longest chain of dependent upstream calls seen by the emulator in each run at 20 ms, and its p50. */
  chainDepths: number[];
  chainDepth: number;
  /** At 200 ms per call: p50 wall time / 200 ms, and the p50 chain depth. */
  depthAt200Ms: number;
  chainDepthAt200Ms: number;
}

/** 3. Cold latency under upstream latency. Runs with and without latency alternate, so both see the same machine. */
export async function benchColdLatency(ctx: Context): Promise<Record<string, ColdLatencyRow>> {
  const subjects: [string, (ctx: Context) => Promise<ColdSubject>][] = [
    ['gateway (redis)', coldRedis],
    ['gateway (memory)', coldMemory],
    ['naive', coldNaive],
  ];
  const results: Record<string, ColdLatencyRow> = {};
  for (const [name, open] of subjects) {
    await ctx.admin.setLatency(0);
    const subject = await open(ctx);
    const runsAt0Ms: number[] = [];
    const runsAt20Ms: number[] = [];
    const chainDepths: number[] = [];
    const runsAt200Ms: number[] = [];
    const chainDepthsAt200Ms: number[] = [];
    let upstreamCalls = 0;
    try {
      for (let i = 0; i < COLD_RUNS; i += 1) {
        await ctx.admin.setLatency(0);
        runsAt0Ms.push(await subject.coldRun(async () => undefined));
        await ctx.admin.setLatency(LATENCY_MS);
        runsAt20Ms.push(
          await subject.coldRun(async () => {
            await ctx.admin.resetStats();
            ctx.chain.reset();
          }),
        );
        upstreamCalls = (await ctx.admin.stats()).total;
        chainDepths.push(ctx.chain.depth());
      }
      await ctx.admin.setLatency(STRUCTURE_LATENCY_MS);
      for (let i = 0; i < STRUCTURE_RUNS; i += 1) {
        runsAt200Ms.push(await subject.coldRun(async () => ctx.chain.reset()));
        chainDepthsAt200Ms.push(ctx.chain.depth());
      }
    } finally {
      await ctx.admin.setLatency(0);
      await subject.stop();
    }
    const p50At0Ms = percentile(runsAt0Ms, 50);
    const p50At20Ms = percentile(runsAt20Ms, 50);
    results[name] = {
      runsAt0Ms,
      runsAt20Ms,
      p50At0Ms,
      p50At20Ms,
      depth: round(p50At20Ms / LATENCY_MS, 2),
      netDepth: round((p50At20Ms - p50At0Ms) / LATENCY_MS, 2),
      upstreamCalls,
      chainDepths,
      chainDepth: percentile(chainDepths, 50),
      depthAt200Ms: round(percentile(runsAt200Ms, 50) / STRUCTURE_LATENCY_MS, 2),
      chainDepthAt200Ms: percentile(chainDepthsAt200Ms, 50),
    };
  }
  return results;
}
