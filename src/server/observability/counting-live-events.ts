import { type LiveEvents, type PipelineEventData } from '../../schema/subscriptions/pipeline-event';

/** Told when a subscription's event stream opens and when it ends. */
export interface SubscriptionCounter {
  opened(): void;
  closed(): void;
}

/**
 * Live events that report each stream's life: `opened` when a subscription
 * starts reading events, `closed` exactly once when its iterator ends
 * however it ends (the client completes, the socket drops, the stream
 * fails). Counting here rather than in graphql-ws counts what holds
 * resources: a subscription refused before it subscribes never counts.
 */
export function countingLiveEvents(events: LiveEvents, counter: SubscriptionCounter): LiveEvents {
  return {
    subscribe(filter, after) {
      const inner = events.subscribe(filter, after);
      counter.opened();
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        counter.closed();
      };
      const iterator: AsyncIterableIterator<PipelineEventData> = {
        async next() {
          try {
            const result = await inner.next();
            if (result.done) close();
            return result;
          } catch (err) {
            close();
            throw err;
          }
        },
        async return(value?: unknown) {
          close();
          return inner.return ? inner.return(value) : { done: true, value: undefined };
        },
        async throw(err?: unknown) {
          close();
          if (inner.throw) return inner.throw(err);
          throw err;
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },
  };
}
