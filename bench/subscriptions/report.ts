import { printTable, round } from '../lib/stats';
import { type Deliveries } from './deliveries';
import { mb, type MemorySample, type PerSubscriberMemory } from './memory';
import { FEW, SUBSCRIBERS } from './settings';
import { type Window } from './window';

/** Everything the subscriptions bench measured, as the tables show it. */
export interface SubscriptionsMeasurements {
  few: Window;
  many: Window;
  fewDeliveries: Deliveries;
  manyDeliveries: Deliveries;
  /** Samples at 0, FEW and SUBSCRIBERS subscribers. */
  memory: MemorySample[];
  afterClose: MemorySample;
  perSubscriber: PerSubscriberMemory;
  openMs: number;
  workloadErrors: number;
}

/** Prints the bench's tables and summary line: calls, delivery latency, CPU and memory per window. */
export function printReport({
  few,
  many,
  fewDeliveries,
  manyDeliveries,
  memory,
  afterClose,
  perSubscriber,
  openMs,
  workloadErrors,
}: SubscriptionsMeasurements): void {
  printTable('Upstream calls (emulator counts; the bench’s own StartPipelineExecution calls left out)', [
    ['Subscribers', 'Calls/min', 'Starts', 'By operation'],
    ...[few, many].map((w) => [
      w.subscribers,
      w.gatewayCallsPerMinute,
      w.startCalls,
      Object.entries(w.calls.calls)
        .filter(([op]) => op !== 'StartPipelineExecution')
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
    ]),
  ]);
  printTable('Detection to delivery (client receive time minus detectedAt)', [
    ['Subscribers', 'Events', 'Deliveries', 'Missing', 'Deliv/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    ...(
      [
        [few, fewDeliveries],
        [many, manyDeliveries],
      ] as const
    ).map(([w, d]) => [
      w.subscribers,
      d.events,
      d.deliveries,
      d.missing,
      d.deliveriesPerSecond,
      d.latencyMs.p50,
      d.latencyMs.p90,
      d.latencyMs.p99,
      d.latencyMs.max,
    ]),
  ]);
  printTable('CPU over each window, % of one core', [
    ['Subscribers', 'Gateway', 'Redis', 'Clients', 'Load avg 1m'],
    ...[few, many].map((w) => [
      w.subscribers,
      w.gatewayCpuPercent,
      w.redisCpuPercent,
      w.clientsCpuPercent,
      w.loadAverage1m,
    ]),
  ]);
  printTable('Gateway memory (heap after a full GC)', [
    ['Subscribers', 'Sockets', 'RSS MB', 'Heap MB', 'External MB'],
    ...[...memory, afterClose].map((m, i) => [
      i === 3 ? '0 (after closing all)' : m.subscribers,
      m.sockets,
      mb(m.rssBytes),
      mb(m.heapUsedBytes),
      mb(m.externalBytes),
    ]),
  ]);
  console.log(
    `\nper subscriber: RSS ${round(perSubscriber.rssBytes / 1024, 1)} KB, heap ${round(perSubscriber.heapUsedBytes / 1024, 1)} KB, ` +
      `external ${round(perSubscriber.externalBytes / 1024, 1)} KB; opening ${SUBSCRIBERS - FEW} took ${openMs} ms; ` +
      `workload errors ${workloadErrors}; subscriptions ended early ${manyDeliveries.ended}`,
  );
  if (manyDeliveries.errorSamples.length > 0) console.log('errors:', manyDeliveries.errorSamples);
}
