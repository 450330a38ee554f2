/**
 * When each watched pipeline is next polled. Among the pipelines due, one
 * with a running execution goes first (its events are the ones people wait
 * for), then the rest; within each, the most overdue (ties: the one polled
 * longest ago). Once other pipelines have waited past `starvationMs` beyond
 * their due time, running and starved ones take turns, one poll each: under a
 * budget too small for all, the running ones still get half of it, and every
 * other pipeline its turn in round robin. None starves.
 */

/** Options of {@link PollSchedule}. */
export interface ScheduleOptions {
  fastIntervalMs: number;
  idleIntervalMs: number;
  /** The most a pipeline's interval is stretched after throttles. Default 16. */
  maxBackoff?: number;
  /** Overdue past this, a pipeline goes before those with a running execution. Default `idleIntervalMs`. */
  starvationMs?: number;
  /** While pushed events are relied on, the reconciliation interval, which replaces the usual ones. */
  reconcileIntervalMs?: () => number | undefined;
}

interface Entry {
  dueAtMs: number;
  lastPolledAtMs: number;
  /** Multiplies the interval after throttles; 1 when healthy. */
  backoff: number;
  /** Whether its last poll saw an execution running (false until its first poll). */
  active: boolean;
}

/** The classes of due pipelines, in the order they go when they need not take turns. */
type Kind = 'running' | 'starved' | 'other';

/** Whether `a` is more overdue than `b` (ties: polled longer ago). */
function moreOverdue(a: Entry, b: Entry): boolean {
  return a.dueAtMs < b.dueAtMs || (a.dueAtMs === b.dueAtMs && a.lastPolledAtMs < b.lastPolledAtMs);
}

/** The poll times of the watched pipelines. */
export class PollSchedule {
  private entries = new Map<string, Entry>();
  /** Whose turn it is when running and starved pipelines are both due: flips with each poll of either. */
  private starvedTurn = false;

  constructor(private readonly options: ScheduleOptions) {}

  /** The pipelines scheduled. */
  get names(): string[] {
    return [...this.entries.keys()];
  }

  /** Adopts the watched set: new pipelines are due at once, unwatched ones are dropped. */
  sync(names: Iterable<string>, nowMs: number): void {
    const wanted = new Set(names);
    for (const name of this.entries.keys()) if (!wanted.has(name)) this.entries.delete(name);
    for (const name of wanted) {
      if (!this.entries.has(name)) {
        this.entries.set(name, { dueAtMs: nowMs, lastPolledAtMs: -Infinity, backoff: 1, active: false });
      }
    }
  }

  /**
   * The pipeline to poll now, if any is due by `dueByMs` (the poller passes the
   * start of its round, so a saturated budget still ends rounds). A pipeline
   * with a running execution that is due by `nowMs` counts too: it need not
   * wait for the end of a round that may take minutes.
   */
  nextDue(dueByMs: number, busy?: ReadonlySet<string>, nowMs = dueByMs): string | undefined {
    const starvationMs = this.options.starvationMs ?? this.options.idleIntervalMs;
    const best: Partial<Record<Kind, [string, Entry]>> = {};
    for (const [name, e] of this.entries) {
      if (busy?.has(name) || e.dueAtMs > (e.active ? Math.max(dueByMs, nowMs) : dueByMs)) continue;
      const kind: Kind = e.active ? 'running' : nowMs - e.dueAtMs > starvationMs ? 'starved' : 'other';
      const current = best[kind];
      if (!current || moreOverdue(e, current[1])) best[kind] = [name, e];
    }
    if (best.running && best.starved) return (this.starvedTurn ? best.starved : best.running)[0];
    return (best.running ?? best.starved ?? best.other)?.[0];
  }

  /** When the next pipeline falls due (`Infinity` when none is scheduled). */
  earliestDueAt(): number {
    let earliest = Infinity;
    for (const e of this.entries.values()) earliest = Math.min(earliest, e.dueAtMs);
    return earliest;
  }

  /** Makes a pipeline due now; false when it is not watched. */
  nudge(name: string, nowMs: number): boolean {
    const e = this.entries.get(name);
    if (!e) return false;
    e.dueAtMs = Math.min(e.dueAtMs, nowMs);
    return true;
  }

  /** After a good poll: fast while something runs, slow when idle; a throttle backoff eases by half. */
  polled(name: string, nowMs: number, active: boolean): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.starvedTurn = e.active;
    e.backoff = Math.max(1, e.backoff / 2);
    e.lastPolledAtMs = nowMs;
    e.active = active;
    const usual = active ? this.options.fastIntervalMs : this.options.idleIntervalMs;
    const interval = this.options.reconcileIntervalMs?.() ?? usual;
    e.dueAtMs = nowMs + interval * e.backoff;
  }

  /** After a throttled poll: the pipeline's own interval doubles (up to `maxBackoff`). */
  throttled(name: string, nowMs: number): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.starvedTurn = e.active;
    e.backoff = Math.min(this.options.maxBackoff ?? 16, e.backoff * 2);
    e.lastPolledAtMs = nowMs;
    e.dueAtMs = nowMs + this.options.fastIntervalMs * e.backoff;
  }

  /** After a failed poll (not a throttle): try again after the idle interval. */
  failed(name: string, nowMs: number): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.starvedTurn = e.active;
    e.lastPolledAtMs = nowMs;
    e.dueAtMs = nowMs + this.options.idleIntervalMs;
  }

  /** The current backoff multiplier of a pipeline (1 when healthy). */
  backoffOf(name: string): number | undefined {
    return this.entries.get(name)?.backoff;
  }
}
