import { PIPELINES } from '../lib/dashboard';
import { printTable, round } from '../lib/stats';
import { type CallsResult } from './calls';
import { type ColdLatencyRow } from './cold-latency';
import { type ThroughputResult } from './throughput';
import { CONNECTIONS, COLD_RUNS, DURATION_S, LATENCY_MS, ROUNDS, STRUCTURE_LATENCY_MS } from './settings';

/** Prints the three tables of the read bench and returns the ratios the results file records. */
export function report(
  calls: Record<string, CallsResult>,
  throughput: Record<string, ThroughputResult>,
  cold: Record<string, ColdLatencyRow>,
) {
  const naive = calls.naive;
  const ratio = (a: number | undefined, b: number | undefined): number | null =>
    a === undefined || b === undefined || b === 0 ? null : round(a / b, 2);
  const show = (r: number | null): string => (r === null ? 'n/a (gateway 0)' : `${r.toFixed(2)}x`);
  printTable(`1. Upstream calls, dashboard over ${PIPELINES} pipelines (emulator /_emulator/stats)`, [
    ['server', 'cold', 'warm', 'naive/this cold', 'naive/this warm'],
    ...Object.entries(calls).map(([name, r]) => [
      name,
      r.cold.total,
      r.warm.total,
      name === 'naive' ? '' : show(ratio(naive?.cold.total, r.cold.total)),
      name === 'naive' ? '' : show(ratio(naive?.warm.total, r.warm.total)),
    ]),
  ]);
  const base = throughput['baseline (static Apollo)'];
  printTable(
    `2. Warm throughput, dashboard query, ${CONNECTIONS} connections, ${ROUNDS} x ${DURATION_S} s (autocannon)`,
    [
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'non2xx', 'upstream calls', 'vs baseline'],
      ...Object.entries(throughput).map(([name, r]) => [
        name,
        r.requestsPerSecond,
        r.latencyP50Ms,
        r.latencyP99Ms,
        r.non2xx + r.errors,
        r.upstreamCalls ?? '',
        `${ratio(r.requestsPerSecond, base?.requestsPerSecond) ?? ''}`,
      ]),
    ],
  );
  printTable(`3. Cold dashboard latency, p50 of ${COLD_RUNS} cold runs each`, [
    [
      'server',
      'p50 @0 ms',
      `p50 @${LATENCY_MS} ms`,
      'depth',
      'net depth',
      'chain depth',
      `depth @${STRUCTURE_LATENCY_MS} ms`,
      `chain @${STRUCTURE_LATENCY_MS} ms`,
      'calls/run',
    ],
    ...Object.entries(cold).map(([name, r]) => [
      name,
      r.p50At0Ms,
      r.p50At20Ms,
      r.depth,
      r.netDepth,
      r.chainDepth,
      r.depthAt200Ms,
      r.chainDepthAt200Ms,
      r.upstreamCalls,
    ]),
  ]);
  return {
    callRatios: Object.fromEntries(
      Object.entries(calls)
        .filter(([name]) => name !== 'naive')
        .map(([name, r]) => [
          name,
          { cold: ratio(naive?.cold.total, r.cold.total), warm: ratio(naive?.warm.total, r.warm.total) },
        ]),
    ),
    throughputRatios: Object.fromEntries(
      Object.entries(throughput)
        .filter(([name]) => name.includes('gateway'))
        .map(([name, r]) => [name, ratio(r.requestsPerSecond, base?.requestsPerSecond)]),
    ),
  };
}
