/** Where the read bench's gateways keep their Redis cache (each under a fresh key prefix). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Seconds of each measured throughput run. */
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** Seconds of load before measuring, so every server is warm. */
export const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
/** Concurrent autocannon connections. */
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Throughput rounds over all servers, so a burst elsewhere on the machine hits them all. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Timed cold dashboards per server. */
export const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 9);
/** Untimed dashboards before the cold runs, to reach a steady state. */
export const COLD_WARMUP_RUNS = Number(process.env.BENCH_COLD_WARMUP_RUNS ?? 3);
/** Latency added to each upstream call in the cold runs. */
export const LATENCY_MS = 20;
/** A latency large enough to dwarf the servers' own CPU time: the chain of calls then shows the true depth. */
export const STRUCTURE_LATENCY_MS = 200;
/** Cold runs at the structure latency. */
export const STRUCTURE_RUNS = 3;
/** Extra node flags for the gateway during the throughput run, e.g. `--cpu-prof`. */
export const GATEWAY_NODE_ARGS = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '')
  .split(' ')
  .filter((a) => a !== '');

/**
 * A compiled `bench/servers/gateway.js` of another build (e.g. the commit
 * before a change, built in a copy of the tree), measured in the same
 * throughput rounds as this build's gateway: before and after side by side.
 */
export const BEFORE_GATEWAY = process.env.BENCH_BEFORE_GATEWAY ?? '';

/**
 * Throughput servers to run, by their names in the report, separated by `;`
 * (`BENCH_SERVERS="baseline (static Apollo);gateway (memory, no response cache)"`); all when unset.
 * With `--cpu-prof` in `BENCH_GATEWAY_NODE_ARGS`, one profile per server.
 */
export const SERVER_FILTER = (process.env.BENCH_SERVERS ?? '')
  .split(';')
  .map((s) => s.trim())
  .filter((s) => s !== '');

/** Parts of the read bench to run: `calls`, `throughput`, `cold` (comma-separated; all when unset). */
export const PARTS = (process.env.BENCH_PARTS ?? 'calls,throughput,cold').split(',').map((s) => s.trim());

/** `EXECUTOR` for this build's gateways (`jit` or `graphql-js`); unset leaves the gateway's default. */
export const EXECUTOR = process.env.BENCH_EXECUTOR ?? '';

/** TTLs long enough that nothing expires during a throughput run: every request is a warm one. */
export const LONG_TTLS: Record<string, string> = Object.fromEntries(
  ['DECLARATION', 'LATEST_DECLARATION', 'LIST', 'STATE', 'EXECUTIONS', 'FINISHED_EXECUTION', 'TAGS'].map(
    (kind) => [`CACHE_TTL_${kind}_SECONDS`, '3600'],
  ),
);
