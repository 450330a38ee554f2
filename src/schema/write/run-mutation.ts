import { type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-codepipeline';
import { toGraphQLError } from '../errors/graphql-errors';
import { type MutationEffects } from '../../loaders/write';
import { type CodePipelineCommand } from '../../upstream/codepipeline-command';
import { authorizeMutation, type MutationOperation } from '../auth/permissions';
import { type GatewayContext } from '../context';

export { type MutationEffects };

/**
 * Runs one CodePipeline write through the context's write entry
 * (loaders/write.ts): first in the budget, never cached. On success the
 * stale cache entries are dropped (in Redis, for every replica) before the
 * payload resolves, so the payload and any later query see the write; the
 * change detector is nudged. On failure the error goes through the one
 * mapping and reaches the client: a failed write is never reported as a success.
 *
 * Authorization comes first: a principal without the operation's role, or
 * whose patterns do not cover the pipeline the write names (`scope`), gets
 * FORBIDDEN and CodePipeline is never called. Writes that name a pipeline
 * must pass it.
 */
export async function runMutation<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  ctx: GatewayContext,
  operation: MutationOperation,
  command: CodePipelineCommand<I, O>,
  effects: (result: O) => MutationEffects,
  scope?: string,
): Promise<O> {
  authorizeMutation(ctx.principal, operation, scope);
  try {
    return await ctx.write(operation, command, effects);
  } catch (err) {
    throw toGraphQLError(err);
  }
}
