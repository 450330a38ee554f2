import { percentile, round } from '../lib/stats';
import { type MemoryProbe } from './gateway';
import { rssBytes } from './proc';
import { sleep } from './settings';
import { type Worker } from './workers';

/** The gateway's memory at one number of subscribers. */
export interface MemorySample {
  subscribers: number;
  sockets: number;
  /** VmRSS from /proc, and the heap after a full GC, bytes; medians of 3 samples 1 s apart. */
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

/** Samples the gateway's memory three times, 1 s apart, and keeps the medians: one sample is noise. */
export async function sampleMemory(gateway: Worker, subscribers: number): Promise<MemorySample> {
  const samples: MemoryProbe[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const probe = await gateway.ask<MemoryProbe>({ type: 'memory' });
    samples.push(probe);
    rss.push(rssBytes(gateway.pid));
    await sleep(1000);
  }
  return {
    subscribers,
    sockets: samples[samples.length - 1]?.sockets ?? -1,
    rssBytes: percentile(rss, 50),
    heapUsedBytes: percentile(
      samples.map((s) => s.heapUsed),
      50,
    ),
    externalBytes: percentile(
      samples.map((s) => s.external),
      50,
    ),
  };
}

/** Bytes to MB, one decimal, for the tables. */
export const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);

/** The gateway's memory per subscriber, bytes. */
export interface PerSubscriberMemory {
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

/** The growth from no subscribers to all of them, divided out: what each subscriber costs the gateway. */
export function perSubscriberMemory(
  base: MemorySample,
  full: MemorySample,
  subscribers: number,
): PerSubscriberMemory {
  return {
    rssBytes: Math.round((full.rssBytes - base.rssBytes) / subscribers),
    heapUsedBytes: Math.round((full.heapUsedBytes - base.heapUsedBytes) / subscribers),
    externalBytes: Math.round((full.externalBytes - base.externalBytes) / subscribers),
  };
}
