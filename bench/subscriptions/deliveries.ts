import { percentile, round } from '../lib/stats';
import { type WindowReport } from './protocol';
import { type Window } from './window';

/** What the subscribers received for the events of one window. */
export interface Deliveries {
  /** Distinct events detected in the window (cursors seen by any subscriber). */
  events: number;
  deliveries: number;
  /** Deliveries owed (each subscriber of a pipeline, each event of that pipeline) but not received. */
  missing: number;
  deliveriesPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Subscriptions that ended (errored or completed) since the start. */
  ended: number;
  errorSamples: string[];
}

/** Folds the client processes' reports of one window into counts, misses and latency percentiles. */
export function deliveries(reports: WindowReport[], window: Window): Deliveries {
  const latencies = reports.flatMap((r) => r.latenciesMs);
  const cursors = new Map<string, Set<string>>();
  for (const r of reports) {
    for (const [pipeline, { cursors: list }] of Object.entries(r.pipelines)) {
      let set = cursors.get(pipeline);
      if (!set) cursors.set(pipeline, (set = new Set()));
      list.forEach((c) => set.add(c));
    }
  }
  let missing = 0;
  for (const r of reports) {
    for (const [pipeline, { counts }] of Object.entries(r.pipelines)) {
      const owed = cursors.get(pipeline)?.size ?? 0;
      counts.forEach((n) => (missing += owed - n));
    }
  }
  const events = [...cursors.values()].reduce((sum, s) => sum + s.size, 0);
  return {
    events,
    deliveries: latencies.length,
    missing,
    deliveriesPerSecond: round(latencies.length / ((window.toMs - window.fromMs) / 1000), 1),
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.reduce((m, v) => Math.max(m, v), 0),
    },
    ended: reports.reduce((sum, r) => sum + r.errors + r.completed, 0),
    errorSamples: reports.flatMap((r) => r.errorSamples).slice(0, 5),
  };
}
