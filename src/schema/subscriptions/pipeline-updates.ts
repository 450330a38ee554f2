import { type LiveEvents } from './pipeline-event';

/**
 * The stream behind `pipelineStateChanged`: one tick at once, then one per
 * burst of changes. Events that arrive while a push is being resolved are
 * coalesced into the next push, so a dashboard redraws once per change, not
 * once per action.
 */
export async function* pipelineUpdates(
  live: LiveEvents,
  pipelineName: string,
  checkExists: () => Promise<void>,
): AsyncGenerator<true> {
  await checkExists();
  const events = live.subscribe({ pipelineNames: [pipelineName] });
  let dirty = false;
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  // Pull events in the background; each only marks the pipeline dirty.
  const pump = (async () => {
    try {
      for await (const _event of events) {
        dirty = true;
        signal();
      }
    } finally {
      ended = true;
      signal();
    }
  })();
  try {
    yield true;
    for (;;) {
      if (!dirty && !ended) await new Promise<void>((resolve) => (wake = resolve));
      if (ended && !dirty) return;
      dirty = false;
      yield true;
    }
  } finally {
    await events.return?.(undefined);
    await pump.catch(() => undefined);
  }
}
