/**
 * When each watched pipeline is next polled. Among the pipelines due, one
 * with a running execution goes first (its events are the ones people wait
 * for), then the rest; within each, the most overdue (ties: the one polled
 * longest ago). A pipeline overdue by more than `starvationMs` goes before
 * all of them, so under a tight budget the running ones take what they need
 * and every other pipeline still gets its turn: none starves.
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
  /** Whether its last poll saw an execution running (new pipelines count as running: their state is unknown). */
  active: boolean;
}

/** Rank among due pipelines, lower first: starved, then running, then the rest. */
function rankOf(e: Entry, nowMs: number, starvationMs: number): number {
  if (nowMs - e.dueAtMs > starvationMs) return 0;
  return e.active ? 1 : 2;
}

/** The poll times of the watched pipelines. */
export class PollSchedule {
  private entries = new Map<string, Entry>();

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
        this.entries.set(name, { dueAtMs: nowMs, lastPolledAtMs: -Infinity, backoff: 1, active: true });
      }
    }
  }

  /** The pipeline to poll now, if any is due. */
  nextDue(nowMs: number, busy?: ReadonlySet<string>): string | undefined {
    const starvationMs = this.options.starvationMs ?? this.options.idleIntervalMs;
    let best: [string, Entry, number] | undefined;
    for (const [name, e] of this.entries) {
      if (e.dueAtMs > nowMs || busy?.has(name)) continue;
      const rank = rankOf(e, nowMs, starvationMs);
      if (
        !best ||
        rank < best[2] ||
        (rank === best[2] &&
          (e.dueAtMs < best[1].dueAtMs ||
            (e.dueAtMs === best[1].dueAtMs && e.lastPolledAtMs < best[1].lastPolledAtMs)))
      ) {
        best = [name, e, rank];
      }
    }
    return best?.[0];
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
    e.backoff = Math.min(this.options.maxBackoff ?? 16, e.backoff * 2);
    e.lastPolledAtMs = nowMs;
    e.dueAtMs = nowMs + this.options.fastIntervalMs * e.backoff;
  }

  /** After a failed poll (not a throttle): try again after the idle interval. */
  failed(name: string, nowMs: number): void {
    const e = this.entries.get(name);
    if (!e) return;
    e.lastPolledAtMs = nowMs;
    e.dueAtMs = nowMs + this.options.idleIntervalMs;
  }

  /** The current backoff multiplier of a pipeline (1 when healthy). */
  backoffOf(name: string): number | undefined {
    return this.entries.get(name)?.backoff;
  }
}
