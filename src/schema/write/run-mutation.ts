import { toGraphQLError } from '../../aws/errors';
import { authorizeMutation, type MutationOperation } from '../auth/permissions';
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
 *
 * Authorization comes first: a principal without the operation's role, or
 * whose patterns do not cover the pipeline the write names (`scope`), gets
 * FORBIDDEN and CodePipeline is never called. Writes that name a pipeline
 * must pass it.
 */
export async function runMutation<T>(
  ctx: GatewayContext,
  operation: MutationOperation,
  call: () => Promise<T>,
  effects: (result: T) => MutationEffects,
  scope?: string,
): Promise<T> {
  authorizeMutation(ctx.principal, operation, scope);
  let result: T;
  try {
    result = await ctx.trace.timeCall(operation, call);
  } catch (err) {
    throw toGraphQLError(err);
  }
  const { pipelineName, ...cache } = effects(result);
  await ctx.invalidate(cache);
  if (pipelineName) ctx.pipelineChanged(pipelineName);
  return result;
}
