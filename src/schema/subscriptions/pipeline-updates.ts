import { type LiveEvents, PipelineEventKind } from './pipeline-event';

/**
 * What `pipelineStateChanged` hears: the pipeline changed (read it afresh),
 * or it was deleted (answer NOT_FOUND, then end).
 */
export type PipelineUpdate = 'changed' | 'deleted';

/**
 * The stream behind `pipelineStateChanged`: one tick at once, then one per
 * burst of changes. Events that arrive while a push is being resolved are
 * coalesced into the next push, so a dashboard redraws once per change, not
 * once per action. When the pipeline is deleted, the stream gives one
 * `deleted` and ends, instead of waiting forever for changes.
 *
 * Checks that the pipeline exists before it watches anything. A hand-written
 * iterator, not an async generator: a generator's `return()` waits behind a
 * pending `next()`, which waits for the next change, so a subscriber leaving
 * a quiet pipeline would keep it watched (and polled) until something moved.
 * Here `return()` settles a pending `next()` at once and releases the watch.
 */
export async function pipelineUpdates(
  live: LiveEvents,
  pipelineName: string,
  checkExists: () => Promise<void>,
): Promise<AsyncIterableIterator<PipelineUpdate>> {
  await checkExists();
  const events = live.subscribe({ pipelineNames: [pipelineName] });
  let first = true;
  let dirty = false;
  let deleted = false;
  let ended = false;
  let closed = false;
  let waiting: ((result: IteratorResult<PipelineUpdate>) => void) | undefined;
  const settle = () => {
    if (!waiting || !(closed || dirty || deleted || ended)) return;
    const resolve = waiting;
    waiting = undefined;
    if (closed) {
      resolve({ done: true, value: undefined });
    } else if (deleted) {
      // Said once: the next `next()` finds the stream ended.
      deleted = false;
      closed = true;
      resolve({ done: false, value: 'deleted' });
    } else if (dirty) {
      dirty = false;
      resolve({ done: false, value: 'changed' });
    } else {
      resolve({ done: true, value: undefined });
    }
  };
  // Pull events in the background; each only marks the pipeline dirty, or deleted.
  const pump = (async () => {
    try {
      for await (const event of events) {
        if (event.kind === PipelineEventKind.PIPELINE_DELETED) deleted = true;
        else dirty = true;
        settle();
      }
    } finally {
      ended = true;
      settle();
    }
  })();
  const close = async (): Promise<void> => {
    closed = true;
    settle();
    await events.return?.(undefined);
    await pump.catch(() => undefined);
  };
  const it: AsyncIterableIterator<PipelineUpdate> = {
    next: () => {
      if (closed) return Promise.resolve({ done: true, value: undefined });
      if (first) {
        first = false;
        return Promise.resolve({ done: false, value: 'changed' });
      }
      return new Promise<IteratorResult<PipelineUpdate>>((resolve) => {
        waiting = resolve;
        settle();
      });
    },
    return: async () => {
      await close();
      return { done: true, value: undefined };
    },
    throw: async (err?: unknown) => {
      await close();
      throw err;
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}
