import { toGraphQLError } from '../../aws/errors';
import { type CacheEffects, type GatewayContext } from '../context';

/** What a successful write changed, for the cache and the change detector. */
export interface MutationEffects extends CacheEffects {
  /** The pipeline whose state the write changed, if any: the change detector polls it soon. */
  pipelineName?: string;
}

/**
 * Runs one CodePipeline write. Writes never go through the loaders and are
 * never cached. On success the stale cache entries are dropped (in Redis,
 * for every replica) before the payload resolves, so the payload and any
 * later query see the write; the change detector is nudged. On failure the
 * error goes through the one mapping and reaches the client: a failed write
 * is never reported as a success.
 */
export async function runMutation<T>(
  ctx: GatewayContext,
  operation: string,
  call: () => Promise<T>,
  effects: (result: T) => MutationEffects,
): Promise<T> {
  let result: T;
  ctx.trace.recordCall(operation);
  try {
    result = await call();
  } catch (err) {
    throw toGraphQLError(err);
  }
  const { pipelineName, ...cache } = effects(result);
  await ctx.invalidate(cache);
  if (pipelineName) ctx.pipelineChanged(pipelineName);
  return result;
}
