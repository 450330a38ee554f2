import { type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-codepipeline';
import { type CodePipelineCommand } from '../upstream/codepipeline-command';
import { type RequestPriority } from '../upstream/priority';
import { type TargetUpstream } from '../upstream/upstream';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';

/** Cache entries a write makes stale: exact keys and invalidation tags. */
export interface CacheEffects {
  keys?: string[];
  tags?: string[];
}

/** What a successful write changed, for the cache and the change detector. */
export interface MutationEffects extends CacheEffects {
  /** The pipeline whose state the write changed, if any: the change detector polls it soon. */
  pipelineName?: string;
}

/** The one way a CodePipeline write is made (see {@link createWriter}). */
export type Write = <I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  operation: string,
  command: CodePipelineCommand<I, O>,
  effects: (output: O) => MutationEffects,
) => Promise<O>;

/** What a writer needs from its request and from the live side. */
export interface WriterDeps {
  upstream: TargetUpstream;
  runtime: LoaderRuntime;
  trace: RequestTrace;
  /**
   * Gives the request fresh loaders, so its read-back never comes from a value
   * loaded before the write. After a write they read at `priority` `write`:
   * the payload is part of the user's action, and waits no longer than it.
   */
  renewLoaders(priority?: RequestPriority): void;
  /** Tells the change detector that a pipeline changed, so subscribers hear soon. */
  nudge(pipelineName: string): void;
}

/**
 * Drops what a write made stale, in the shared cache (so every replica sees
 * it), and gives the request fresh loaders. A cache that is down is reported,
 * not thrown: reads treat it as empty, so nothing stale is served meanwhile.
 */
export async function invalidate(
  deps: Pick<WriterDeps, 'runtime' | 'renewLoaders'>,
  { keys = [], tags = [] }: CacheEffects,
  priority?: RequestPriority,
): Promise<void> {
  deps.renewLoaders(priority);
  try {
    await deps.runtime.cache.invalidate(keys, tags);
  } catch (err) {
    deps.runtime.onCacheError(err);
  }
}

/**
 * The write entry of one request. A write goes first in its target's budget
 * (priority `write`), is never cached, and is timed in the request's trace.
 * On success the stale cache entries are dropped before the payload
 * resolves, so the payload and any later query see the write, and the
 * change detector is nudged. The request's reads after the write (its
 * payload) keep the write's priority, so a mutation never queues behind
 * dashboards for its own answer. A failure is thrown as it came: a failed write
 * is never reported as a success.
 */
export function createWriter(deps: WriterDeps): Write {
  return async (operation, command, effects) => {
    const output = await deps.trace.timeCall(operation, () =>
      deps.upstream.call(command, { priority: 'write', log: deps.trace.calls }),
    );
    const { pipelineName, ...cache } = effects(output);
    await invalidate(deps, cache, 'write');
    if (pipelineName) deps.nudge(pipelineName);
    return output;
  };
}
