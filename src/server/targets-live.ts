import { type Target, targetKey } from '../aws/target';
import {
  type LiveEvents,
  type PipelineEventData,
  type PipelineEventFilterData,
} from '../schema/subscriptions/pipeline-event';
import { type Live } from './live';

/**
 * The live side over every target: one poller, one lease, one event stream
 * and one call budget per target (each target's `Live`), and one
 * `LiveEvents` that merges the targets a subscription asks for
 * (`accounts`, `regions`) into one stream.
 */

/** The live side of every target, seen as one. */
export interface TargetsLive extends Live {
  /** Makes a pipeline of one target due now (a mutation changed it); without a target, in every target. */
  nudge(pipelineName: string, target?: Target): void;
  /** Each target's own live side, in the graph's order. */
  readonly each: readonly { target: Target; live: Live }[];
}

/** Starts one live side per target (with `start`), and joins them. */
export async function startTargetsLive(
  targets: readonly Target[],
  start: (target: Target) => Promise<Live>,
): Promise<TargetsLive> {
  const each: { target: Target; live: Live }[] = [];
  try {
    for (const target of targets) each.push({ target, live: await start(target) });
  } catch (err) {
    await Promise.all(each.map(({ live }) => live.close()));
    throw err;
  }
  const first = each[0];
  if (!first) throw new Error('no target to watch');
  const byKey = new Map(each.map((part) => [targetKey(part.target), part.live]));
  return {
    each,
    events: new MergedLiveEvents(each),
    // Metrics show the first target's poller and lease; every target's calls are counted by its budget.
    poller: first.live.poller,
    lease: first.live.lease,
    listenerCount: () => each.reduce((sum, part) => sum + part.live.listenerCount(), 0),
    nudge: (pipelineName, target) => {
      if (target) byKey.get(targetKey(target))?.nudge(pipelineName);
      else each.forEach((part) => part.live.nudge(pipelineName));
    },
    close: async () => {
      await Promise.all(each.map(({ live }) => live.close()));
    },
  };
}

/** A filter that may narrow by target too. */
type TargetedFilter = PipelineEventFilterData & { accounts?: string[]; regions?: string[] };

/** Subscribes to the targets a filter asks for and merges their events as they come. */
class MergedLiveEvents implements LiveEvents {
  constructor(private readonly each: readonly { target: Target; live: Live }[]) {}

  subscribe(filter: TargetedFilter, after?: string): AsyncIterableIterator<PipelineEventData> {
    const chosen = this.each.filter(
      ({ target }) =>
        (!filter.accounts || filter.accounts.includes(target.accountId)) &&
        (!filter.regions || filter.regions.includes(target.region)),
    );
    // A cursor names its target; the others ignore it and start live.
    return merge(chosen.map(({ live }) => live.events.subscribe(filter, after)));
  }
}

/**
 * Merges iterators: each value as soon as any source has one. `return()`
 * reaches every source at once, so watches are released without waiting
 * for the next event.
 */
export function merge<T>(sources: AsyncIterableIterator<T>[]): AsyncIterableIterator<T> {
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number): void => {
    const source = sources[index];
    if (source)
      pending.set(
        index,
        source.next().then((result) => ({ index, result })),
      );
  };
  sources.forEach((_, i) => pull(i));
  let closed = false;
  const close = async (): Promise<IteratorResult<T>> => {
    closed = true;
    pending.clear();
    await Promise.all(sources.map((source) => source.return?.()));
    return { done: true, value: undefined };
  };
  return {
    async next(): Promise<IteratorResult<T>> {
      while (!closed && pending.size > 0) {
        const { index, result } = await Promise.race(pending.values());
        if (closed) break;
        if (result.done) {
          pending.delete(index);
          continue;
        }
        pull(index);
        return result;
      }
      return { done: true, value: undefined };
    },
    return: close,
    throw: async (err?: unknown) => {
      await close();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
