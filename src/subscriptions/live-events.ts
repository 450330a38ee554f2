import { GraphQLError } from 'graphql';
import { ErrorCode } from '../schema/errors/error-codes';
import { badUserInput } from '../schema/errors/graphql-errors';
import { type Target, targetKey } from '../aws/target';
import {
  type LiveEvents,
  matchesFilter,
  type PipelineEventData,
  type PipelineEventFilterData,
  PipelineEventKind,
} from '../schema/subscriptions/pipeline-event';
import { type EventBus, type WatchRegistry } from './contracts';
import { type CursorCodec, type CursorParts } from './cursor';
import { ALL_PIPELINES } from './memory-watch';

/** Options of {@link BusLiveEvents}. */
export interface LiveEventsOptions {
  target: Target;
  bus: EventBus;
  watches: WatchRegistry;
  /** How the bus's cursors read (`memoryCursorCodec` or `redisCursorCodec`). */
  cursors: CursorCodec;
  /** Events a subscriber may have waiting before it is closed as too slow. Default 1000. */
  bufferSize?: number;
  /** Told when a subscriber starts watching pipelines (`*` for all), e.g. to nudge the poller. */
  onWatch?: (pipelineNames: string[]) => void;
}

/** The error a subscriber too slow to keep up ends with; it resumes with `after` = its last cursor. */
export function slowConsumerError(): GraphQLError {
  return new GraphQLError(
    'The subscriber fell too far behind and was closed; resubscribe with `after` set to the last cursor received.',
    { extensions: { code: ErrorCode.LIMIT_EXCEEDED, reason: 'SLOW_CONSUMER' } },
  );
}

/**
 * The live side of the graph over an EventBus. A subscription
 * 1. registers its pipelines as watched (its filter's names, or `*`), which is what makes the poller poll them;
 * 2. listens on the bus first, holding live events back;
 * 3. when `after` is given, replays that cursor's pipeline from the bus (a cursor names its pipeline, so for a
 *    filter of many pipelines the one the client's last event came from is resumed; the others start live);
 * 4. then hands out the held and live events, dropping any at or before what it already delivered per pipeline
 *    (the overlap of replay and live), and any the filter rejects.
 *
 * Overflow: a subscriber whose unread events exceed `bufferSize` is not fed by dropping events silently; it
 * gets what it had, then ends with a LIMIT_EXCEEDED error (`reason: SLOW_CONSUMER`), and its cursor lets it
 * resume where it stopped. `return()` (or the end) releases its watches and its bus listener.
 *
 * Deletion: a PIPELINE_DELETED event reaches every subscriber that names the pipeline, whatever its kinds and
 * states, and releases its watch of that pipeline; a subscriber whose named pipelines are all deleted ends
 * after it, instead of waiting forever for events that cannot come.
 */
export class BusLiveEvents implements LiveEvents {
  /** Subscribers by pipeline name, and those that want every pipeline: an event reaches only its own. */
  private readonly byPipeline = new Map<string, Set<Subscription>>();
  private readonly everyPipeline = new Set<Subscription>();
  private listening = false;

  constructor(private readonly options: LiveEventsOptions) {}

  subscribe(filter: PipelineEventFilterData, after?: string): AsyncIterableIterator<PipelineEventData> {
    const { target, bus, watches, cursors } = this.options;
    let resumeFrom: CursorParts | undefined;
    if (after !== undefined) {
      resumeFrom = cursors.parse(after);
      const foreign = resumeFrom?.targetKey !== undefined && resumeFrom.targetKey !== targetKey(target);
      if (!resumeFrom || foreign)
        throw badUserInput('`after` is not an event cursor of this gateway.', 'after');
    }
    const names = filter.pipelineNames ?? [ALL_PIPELINES];
    const subscription = new Subscription(filter, cursors, this.options.bufferSize ?? 1000, target);
    names.forEach((name) => subscription.holdWatch(name, watches.watch(target, name)));
    subscription.hold([this.route(names, subscription)]);
    this.options.onWatch?.(names);
    if (resumeFrom && after !== undefined) {
      subscription.startReplay(resumeFrom);
      bus.replay(target, resumeFrom.pipelineName, after).then(
        (events) => subscription.endReplay(events),
        (err: unknown) => subscription.fail(err instanceof Error ? err : new Error(String(err))),
      );
    }
    return subscription.iterator();
  }

  /** Routes the pipelines' events to a subscription; returns the release. One bus listener serves all. */
  private route(names: string[], subscription: Subscription): () => void {
    if (!this.listening) {
      this.listening = true;
      this.options.bus.onEvent((event) => this.dispatch(event));
    }
    const sets = names.map((name) => {
      if (name === ALL_PIPELINES) return this.everyPipeline;
      let set = this.byPipeline.get(name);
      if (!set) this.byPipeline.set(name, (set = new Set()));
      return set;
    });
    sets.forEach((set) => set.add(subscription));
    return () =>
      names.forEach((name, i) => {
        sets[i]?.delete(subscription);
        if (name !== ALL_PIPELINES && sets[i]?.size === 0) this.byPipeline.delete(name);
      });
  }

  private dispatch(event: PipelineEventData): void {
    const own = this.byPipeline.get(event.pipelineName);
    if (!own && this.everyPipeline.size === 0) return;
    // Decoded once per event, however many subscribers receive it.
    const parts = this.options.cursors.parse(event.cursor);
    own?.forEach((subscription) => subscription.offer(event, parts));
    this.everyPipeline.forEach((subscription) => subscription.offer(event, parts));
  }

  /** Subscriptions routed right now (for leak checks and metrics). */
  get activeSubscriptions(): number {
    const routed = new Set<Subscription>(this.everyPipeline);
    this.byPipeline.forEach((set) => set.forEach((s) => routed.add(s)));
    return routed.size;
  }
}

/** One subscriber's state: its queue, its per-pipeline high-water marks and what to release. */
class Subscription {
  private queue: PipelineEventData[] = [];
  /** Live events that arrived during the replay, delivered after it. */
  private held: PipelineEventData[] | undefined;
  private delivered = new Map<string, string>();
  private waiting?: { resolve: (r: IteratorResult<PipelineEventData>) => void; reject: (e: Error) => void };
  private releases: (() => void)[] = [];
  /** The watch of each pipeline, released early when the pipeline is deleted. */
  private watchReleases = new Map<string, () => void>();
  /** Named pipelines not deleted yet: when none is left, the subscription ends. */
  private remaining: Set<string> | undefined;
  private done = false;
  private error?: Error;

  constructor(
    private readonly filter: PipelineEventFilterData,
    private readonly cursors: CursorCodec,
    private readonly bufferSize: number,
    private readonly target: Target,
  ) {
    this.remaining = filter.pipelineNames ? new Set(filter.pipelineNames) : undefined;
  }

  hold(releases: (() => void)[]): void {
    this.releases.push(...releases);
  }

  holdWatch(pipelineName: string, release: () => void): void {
    this.watchReleases.set(pipelineName, release);
  }

  startReplay(from: CursorParts): void {
    this.held = [];
    this.delivered.set(from.pipelineName, from.position);
  }

  endReplay(events: PipelineEventData[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of [...events, ...held]) this.accept(event);
  }

  /** A live event from the bus, with its cursor already decoded. */
  offer(event: PipelineEventData, parts?: CursorParts): void {
    if (this.done) return;
    if (this.held) {
      this.held.push(event);
      if (this.held.length > this.bufferSize) this.fail(slowConsumerError());
      return;
    }
    this.accept(event, parts);
  }

  fail(error: Error): void {
    if (this.done) return;
    this.error = error;
    this.finish();
  }

  iterator(): AsyncIterableIterator<PipelineEventData> {
    const it: AsyncIterableIterator<PipelineEventData> = {
      next: () => this.next(),
      return: async () => {
        this.queue = [];
        this.error = undefined;
        this.finish();
        return { done: true, value: undefined };
      },
      throw: async (err?: unknown) => {
        this.queue = [];
        this.finish();
        throw err;
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  private accept(event: PipelineEventData, decoded?: CursorParts): void {
    if (this.done) return;
    if (event.accountId !== this.target.accountId || event.region !== this.target.region) return;
    const parts = decoded ?? this.cursors.parse(event.cursor);
    if (parts) {
      const last = this.delivered.get(event.pipelineName);
      if (last !== undefined && this.cursors.comparePositions(parts.position, last) <= 0) return;
      this.delivered.set(event.pipelineName, parts.position);
    }
    const deleted = event.kind === PipelineEventKind.PIPELINE_DELETED;
    const named = this.filter.pipelineNames?.includes(event.pipelineName) === true;
    if (!(deleted && named) && !matchesFilter(event, this.filter)) return;
    this.deliver(event);
    if (deleted && named) this.pipelineDeleted(event.pipelineName);
  }

  private deliver(event: PipelineEventData): void {
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: event });
      return;
    }
    this.queue.push(event);
    if (this.queue.length > this.bufferSize) {
      this.queue.pop();
      this.fail(slowConsumerError());
    }
  }

  /** Stops watching a deleted pipeline; ends (after what is queued) once every named pipeline is deleted. */
  private pipelineDeleted(pipelineName: string): void {
    this.watchReleases.get(pipelineName)?.();
    this.watchReleases.delete(pipelineName);
    this.remaining?.delete(pipelineName);
    if (this.remaining?.size === 0) this.finish();
  }

  private next(): Promise<IteratorResult<PipelineEventData>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ done: false, value });
    if (this.done) {
      const error = this.error;
      this.error = undefined;
      return error ? Promise.reject(error) : Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Releases watches and the listener; a pending `next()` settles with the error or the end. */
  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.held = undefined;
    const releases = [...this.releases, ...this.watchReleases.values()];
    this.releases = [];
    this.watchReleases.clear();
    releases.forEach((release) => release());
    if (this.waiting) {
      const { resolve, reject } = this.waiting;
      this.waiting = undefined;
      const error = this.error;
      this.error = undefined;
      if (error) reject(error);
      else resolve({ done: true, value: undefined });
    }
  }
}
