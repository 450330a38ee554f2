import { type Target, targetKey } from '../../aws/target';
import { type NewPipelineEvent } from '../contracts';

/**
 * The one judge of whether a transition is delivered: the same transition
 * (execution, stage or action, state) is delivered once, whether it came by
 * push, by a repeated push or by a poll that saw it too; and a pushed event
 * older than what is already known of its execution, stage or action never
 * moves it backwards. Shared by every replica through Redis (SET NX with a
 * TTL), or kept in memory when Redis is absent.
 */

/** What the gate says of one transition. */
export type Verdict = 'new' | 'duplicate' | 'stale';

/** One transition to judge. */
export interface GateItem {
  /** The transition: see {@link transitionKey}. */
  dedupKey: string;
  /** For pushed events only: its execution, stage or action (see {@link itemKey}) and its {@link orderOf}. */
  order?: { itemKey: string; value: number; state: string };
}

/** The verdict, and the state the item was known in before, when the gate knew one. */
export interface GateResult {
  verdict: Verdict;
  previousState?: string;
}

/** The dedup store, shared by push and poll. */
export interface TransitionGate {
  /**
   * Judges transitions of one target, each atomically and in order. `claim`
   * names this attempt: a transition already claimed by the same attempt
   * (the same inbox entry processed again after a crash) is new again.
   * `heardAtMs`, for pushed events, records that the target's events arrive.
   */
  admit(target: Target, items: GateItem[], claim: string, heardAtMs?: number): Promise<GateResult[]>;
  /** When a pushed event of the target last arrived anywhere in the fleet. */
  lastHeard(target: Target): Promise<number | undefined>;
  /**
   * Of transitions a poll claimed, those no pushed event has announced since
   * (a push of a transition a poll claimed first marks it announced).
   */
  unannounced(target: Target, dedupKeys: string[]): Promise<string[]>;
}

/** Claims of polls start with this; a push that finds one marks it {@link ANNOUNCED}. */
export const POLL_CLAIM = 'poll-';

/** A poll's claim that a pushed event has since announced. */
export const ANNOUNCED = 'poll+announced';

/** How long transitions are remembered (a duplicate later than this is delivered again). Default 1 hour. */
export const DEFAULT_DEDUP_TTL_MS = 3_600_000;

const part = (value: string | undefined): string => encodeURIComponent(value ?? '');

/** The identity of a transition: kind, execution, stage, action and state, within a target's pipeline. */
export function transitionKey(target: Target, event: NewPipelineEvent): string {
  return [
    targetKey(target),
    part(event.pipelineName),
    event.kind,
    part(event.pipelineExecutionId),
    part(event.stageName),
    part(event.actionName),
    part(event.state),
  ].join('|');
}

/** The identity of what a transition happens to: the execution, or one of its stages or actions. */
export function itemKey(target: Target, event: NewPipelineEvent): string {
  return [
    targetKey(target),
    part(event.pipelineName),
    part(event.pipelineExecutionId),
    part(event.stageName),
    part(event.actionName),
  ].join('|');
}

/** Where a state stands within one item's life: running, stopping, then finished. */
export function stateRank(state: string): number {
  if (state === 'InProgress') return 1;
  if (state === 'Stopping') return 2;
  return 3;
}

/**
 * The order of a pushed transition: its time (EventBridge gives seconds),
 * then its rank, so a start never overtakes the end of the same second.
 */
export function orderOf(atMs: number, state: string): number {
  return Math.floor(atMs / 1000) * 10 + stateRank(state);
}

interface Entry {
  value: string;
  expiresAtMs: number;
}

/** The gate of a single process without Redis: two maps with expiry. */
export class MemoryTransitionGate implements TransitionGate {
  private readonly entries = new Map<string, Entry>();
  private readonly heard = new Map<string, number>();

  constructor(
    private readonly ttlMs = DEFAULT_DEDUP_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Transitions and items remembered now (for tests of expiry). */
  get size(): number {
    return this.entries.size;
  }

  async admit(target: Target, items: GateItem[], claim: string, heardAtMs?: number): Promise<GateResult[]> {
    this.prune();
    if (heardAtMs !== undefined) this.heard.set(targetKey(target), heardAtMs);
    return items.map((item) => this.judge(item, claim, heardAtMs !== undefined));
  }

  async lastHeard(target: Target): Promise<number | undefined> {
    return this.heard.get(targetKey(target));
  }

  async unannounced(_target: Target, dedupKeys: string[]): Promise<string[]> {
    return dedupKeys.filter((key) => this.get(`t|${key}`)?.startsWith(POLL_CLAIM) === true);
  }

  private judge(item: GateItem, claim: string, pushed: boolean): GateResult {
    const held = this.get(`t|${item.dedupKey}`);
    if (held !== undefined) {
      if (held === claim) return { verdict: 'new' };
      if (pushed && held.startsWith(POLL_CLAIM)) this.set(`t|${item.dedupKey}`, ANNOUNCED);
      return { verdict: 'duplicate' };
    }
    let previousState: string | undefined;
    if (item.order) {
      const orderKey = `o|${item.order.itemKey}`;
      const known = this.get(orderKey);
      const [knownOrder, knownState] = known === undefined ? [] : splitOrder(known);
      previousState = knownState;
      const order = item.order.value;
      if (knownOrder !== undefined && knownOrder > order) {
        this.set(`t|${item.dedupKey}`, claim);
        return { verdict: 'stale', previousState };
      }
      this.set(orderKey, `${order}|${item.order.state}`);
    }
    this.set(`t|${item.dedupKey}`, claim);
    return { verdict: 'new', previousState };
  }

  private get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAtMs <= this.now()) return undefined;
    return entry.value;
  }

  private set(key: string, value: string): void {
    // Re-inserted at the end, so the map stays in expiry order and pruning stops at the first live entry.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAtMs: this.now() + this.ttlMs });
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMs > now) break;
      this.entries.delete(key);
    }
  }
}

/** `order|state` as stored. */
export function splitOrder(stored: string): [number | undefined, string | undefined] {
  const bar = stored.indexOf('|');
  if (bar < 0) return [Number(stored), undefined];
  return [Number(stored.slice(0, bar)), stored.slice(bar + 1) || undefined];
}
