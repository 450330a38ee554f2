import { type Target } from '../../aws/target';
import { PipelineEventKind } from '../../schema/subscriptions/pipeline-event';
import { type EventBus, type NewPipelineEvent } from '../contracts';
import { type PushedTransition } from './eventbridge-event';
import { type EventInbox } from './event-inbox';
import { pipelineEventsOf } from './pipeline-events-of';
import { type GateItem, itemKey, orderOf, type TransitionGate, transitionKey } from './transition-gate';

/** Options of {@link PushSide}. */
export interface PushSideOptions {
  target: Target;
  bus: EventBus;
  gate: TransitionGate;
  inbox: EventInbox;
  /**
   * Drops the pipeline's cached state and executions on every replica, before
   * its events are published: the same invalidation a control mutation makes.
   */
  invalidate(pipelineName: string): Promise<void>;
  /** Told on this replica as soon as an event of the target arrives (the reconciler). */
  onHeard?: (atMs: number) => void;
  /** Processing failures of events already stored (they are logged; reconciliation repairs them). */
  onError?: (err: unknown, pipelineName: string) => void;
  now?: () => number;
}

/** Counters for tests and metrics. */
export interface PushStats {
  /** Transitions stored in the inbox. */
  received: number;
  /** Events published to subscribers. */
  published: number;
  /** Transitions already delivered (a repeated push, or a poll that saw it first). */
  duplicates: number;
  /** Transitions older than what was known of their execution, stage or action: not delivered. */
  stale: number;
  /** Stored transitions whose processing failed. */
  failures: number;
}

/**
 * The push half of change detection for one target: a pushed transition is
 * stored (durable), judged by the shared gate (dedup and ordering), and when
 * new, its pipeline's cache is dropped fleet-wide and its events published
 * at once on the bus, which refreshes `pipelineEvents` and
 * `pipelineStateChanged` subscribers everywhere. Transitions of one pipeline
 * are processed one after another on a replica, so they publish in the order
 * they arrived.
 */
export class PushSide {
  readonly stats: PushStats = { received: 0, published: 0, duplicates: 0, stale: 0, failures: 0 };
  private readonly tails = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly options: PushSideOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The target whose events this side takes. */
  get target(): Target {
    return this.options.target;
  }

  /**
   * Stores the transitions, and resolves once they are stored (rejects when
   * they could not be, so the sender retries); processing goes on after,
   * in each pipeline's order, so a sender that waits for each answer (an
   * API destination) is paced by the store alone. A failure after storing
   * is reported, not thrown: the event was accepted, and the next
   * reconciliation poll delivers what it changed.
   */
  async receive(transitions: PushedTransition[]): Promise<void> {
    if (transitions.length === 0) return;
    const claims = await this.options.inbox.append(this.options.target, transitions);
    this.stats.received += transitions.length;
    this.options.onHeard?.(this.now());
    transitions.forEach((t, i) => {
      void this.inOrder(t.pipelineName, () => this.process(t, claims[i] ?? t.id));
    });
  }

  /** Resolves once every transition received so far was delivered or judged (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private inOrder(pipelineName: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(pipelineName) ?? Promise.resolve();
    const run = previous.then(work).catch((err: unknown) => {
      this.stats.failures++;
      this.options.onError?.(err, pipelineName);
    });
    this.tails.set(pipelineName, run);
    void run.then(() => {
      if (this.tails.get(pipelineName) === run) this.tails.delete(pipelineName);
    });
    return run;
  }

  private async process(t: PushedTransition, claim: string): Promise<void> {
    const { target, gate, bus } = this.options;
    const nowMs = this.now();
    const events = pipelineEventsOf(t, new Date(nowMs).toISOString());
    const items = events.map((event): GateItem => ({
      dedupKey: transitionKey(target, event),
      // APPROVAL_NEEDED shares its action's place: it is ordered with it, not on its own.
      order:
        event.kind === PipelineEventKind.APPROVAL_NEEDED
          ? undefined
          : { itemKey: itemKey(target, event), value: orderOf(t.atMs, event.state), state: event.state },
    }));
    const verdicts = await gate.admit(target, items, claim, nowMs);
    const first = verdicts[0]?.verdict;
    if (first === 'duplicate') this.stats.duplicates++;
    if (first === 'stale') this.stats.stale++;
    const fresh: NewPipelineEvent[] = [];
    events.forEach((event, i) => {
      const verdict = verdicts[i];
      // An approval is asked for only with its action's own start.
      if (verdict?.verdict !== 'new' || first !== 'new') return;
      const previousState = verdicts[0]?.previousState;
      fresh.push(previousState && previousState !== event.state ? { ...event, previousState } : event);
    });
    if (fresh.length === 0) return;
    await this.options.invalidate(t.pipelineName);
    const published = await bus.publish(target, t.pipelineName, fresh);
    this.stats.published += published.length;
  }
}
