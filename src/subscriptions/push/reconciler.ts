/**
 * Push first, poll to reconcile, for one target. While pushed events keep
 * arriving, each watched pipeline is polled only every `reconcileMs` (a
 * reconciliation poll). Polling returns to its fast interval when the
 * target's events stop (none for `quietMs`), or when a reconciliation poll
 * finds a change no event announced; each is a gap, counted. After an
 * unannounced change the target stays on fast polling for `quietMs`: a
 * stream that loses events is not relied on until it has proved itself again.
 */

/** Why polling returned to its fast interval. */
export type GapReason = 'quiet' | 'unannounced';

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions {
  /** `POLL_RECONCILE_SECONDS` in ms. */
  reconcileMs: number;
  /** No event for this long and the target's events count as stopped. */
  quietMs: number;
  /** When the fleet last heard an event of the target (the gate's record). */
  lastHeard: () => Promise<number | undefined>;
  /** Of transitions a poll claimed first, those no push has announced since (the gate's record). */
  unannounced: (dedupKeys: string[]) => Promise<string[]>;
  /** How long a push may trail a poll that saw the same change before the change counts as unannounced. */
  announceGraceMs: number;
  /** Makes every watched pipeline due now, so polling picks up at its fast interval. */
  resume: () => void;
  onGap?: (reason: GapReason) => void;
  onError?: (err: unknown) => void;
  /** How often the fleet's record is read. Default 1000. */
  checkIntervalMs?: number;
  now?: () => number;
}

/** Decides the poll interval of a target's pipelines from the events it hears. */
export class Reconciler {
  readonly gaps: Record<GapReason, number> = { quiet: 0, unannounced: 0 };
  private heardAtMs?: number;
  /** After a gap, polling stays fast until events are heard after this time. */
  private fastUntilHeardAfterMs = -Infinity;
  private wasPushing = false;
  private timer?: NodeJS.Timeout;
  /** Transitions polls claimed first while events were relied on, with when a push must have followed. */
  private suspects: { dedupKeys: string[]; dueAtMs: number }[] = [];
  private readonly now: () => number;

  constructor(private readonly options: ReconcilerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True while pushed events arrive and no gap was found since. */
  get pushing(): boolean {
    const heard = this.heardAtMs;
    if (heard === undefined || heard <= this.fastUntilHeardAfterMs) return false;
    return this.now() - heard < this.options.quietMs;
  }

  /** The interval a pipeline polled now waits, or `undefined` for its usual one. */
  intervalMs(): number | undefined {
    return this.pushing ? this.options.reconcileMs : undefined;
  }

  /** An event of the target arrived (here or, through the gate's record, on another replica). */
  heard(atMs: number): void {
    if (this.heardAtMs === undefined || atMs > this.heardAtMs) this.heardAtMs = atMs;
    this.wasPushing = this.wasPushing || this.pushing;
  }

  /**
   * A poll delivered transitions before any push did. While events are relied on, each must be announced
   * by a push within `announceGraceMs` (a push may simply trail the poll); the check after that counts a gap.
   */
  claimedByPoll(dedupKeys: string[]): void {
    if (!this.pushing || dedupKeys.length === 0) return;
    this.suspects.push({ dedupKeys, dueAtMs: this.now() + this.options.announceGraceMs });
  }

  /** Reads the fleet's record every `checkIntervalMs`; the timer never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check: adopts the fleet's record, and counts a gap when the events stopped. */
  async check(): Promise<void> {
    try {
      const fleet = await this.options.lastHeard();
      if (fleet !== undefined) this.heard(fleet);
    } catch (err) {
      this.options.onError?.(err);
    }
    if (this.wasPushing && !this.pushing) this.gap('quiet');
    this.wasPushing = this.pushing;
    await this.checkSuspects();
  }

  private async checkSuspects(): Promise<void> {
    const now = this.now();
    const due = this.suspects.filter((s) => s.dueAtMs <= now);
    if (due.length === 0) return;
    this.suspects = this.suspects.filter((s) => s.dueAtMs > now);
    try {
      const missed = await this.options.unannounced(due.flatMap((s) => s.dedupKeys));
      // Claimed while events were relied on and never announced: a gap, even if the target has gone quiet since.
      if (missed.length > 0) this.gap('unannounced');
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  private gap(reason: GapReason): void {
    this.gaps[reason]++;
    this.wasPushing = false;
    // Fast again for a quiet period: only events heard after it make the target trusted again.
    this.fastUntilHeardAfterMs = this.now() + (reason === 'unannounced' ? this.options.quietMs : 0);
    this.options.onGap?.(reason);
    this.options.resume();
  }
}
