import { Counter, type Registry } from 'prom-client';
import { targetKey } from '../../aws/target';
import { type PushSide, type PushStats } from '../../subscriptions/push/push-side';
import { type GapReason, type Reconciler } from '../../subscriptions/push/reconciler';

/** One target's push side and reconciler, as the live side holds them. */
interface PushParts {
  side: PushSide;
  reconciler: Reconciler;
}

const OUTCOMES: readonly (keyof PushStats)[] = ['published', 'duplicates', 'stale', 'failures'];
const REASONS: readonly GapReason[] = ['quiet', 'unannounced'];

/** What `POST /events` took, what became of it, and where the pushed stream had gaps, on `/metrics`. */
export class EventsMetrics {
  private readonly requests: Counter<'status'>;
  private readonly events: Counter<'outcome'>;
  private parts: readonly PushParts[] = [];
  /** What each counter last showed, per label set, so each scrape adds only the change. */
  private readonly seen = new Map<string, number>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'cpgw_events_requests_total',
      help: 'POST /events requests, by HTTP status answered.',
      labelNames: ['status'] as const,
      registers: [registry],
    });
    this.events = new Counter({
      name: 'cpgw_events_received_total',
      help: 'Pushed CodePipeline events, by outcome: accepted (stored) or ignored (no target has their account and region).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    const processed: Counter<'target' | 'outcome'> = new Counter({
      name: 'cpgw_events_processed_total',
      help: 'Stored pushed transitions by outcome: published (events delivered), duplicates, stale (older than what was known: not delivered), failures.',
      labelNames: ['target', 'outcome'] as const,
      registers: [registry],
      collect: () => {
        for (const { side } of this.parts) {
          for (const outcome of OUTCOMES) {
            const labels = { target: targetKey(side.target), outcome };
            this.add('processed', processed, labels, side.stats[outcome]);
          }
        }
      },
    });
    const gaps: Counter<'target' | 'reason'> = new Counter({
      name: 'cpgw_events_gaps_total',
      help: "Times polling returned to its fast interval: a target's events stopped (quiet), or a reconciliation poll found a change no event announced (unannounced).",
      labelNames: ['target', 'reason'] as const,
      registers: [registry],
      collect: () => {
        for (const { side, reconciler } of this.parts) {
          for (const reason of REASONS) {
            this.add('gaps', gaps, { target: targetKey(side.target), reason }, reconciler.gaps[reason]);
          }
        }
      },
    });
  }

  /** The targets whose processing and gaps are shown. */
  watch(parts: readonly PushParts[]): void {
    this.parts = parts;
  }

  request(status: number): void {
    this.requests.inc({ status: String(status) });
  }

  accepted(count: number): void {
    if (count > 0) this.events.inc({ outcome: 'accepted' }, count);
  }

  ignored(count: number): void {
    if (count > 0) this.events.inc({ outcome: 'ignored' }, count);
  }

  private add<L extends string>(
    name: string,
    counter: Counter<L>,
    labels: Record<L, string>,
    total: number,
  ): void {
    const key = `${name}|${Object.values(labels).join('|')}`;
    const delta = total - (this.seen.get(key) ?? 0);
    if (delta > 0) counter.inc(labels as never, delta);
    this.seen.set(key, total);
  }
}
