import { GraphQLError } from 'graphql';
import { type MiddlewareFn } from 'type-graphql';
import { ErrorCode } from '../errors/error-codes';
import { type GatewayContext } from '../context';
import { isNotFound } from '../shared/errors';
import { effects } from '../write/effects';
import { Pipeline } from './pipeline.type';

/** The pipelines each request has already found gone, so each is forgotten once per request. */
const forgotten = new WeakMap<GatewayContext, Set<string>>();

/** True when a read failed because the pipeline itself does not exist (not one of its versions or executions). */
function pipelineGone(err: unknown): err is GraphQLError {
  return isNotFound(err) && (err as GraphQLError).extensions.awsErrorName === 'PipelineNotFoundException';
}

/**
 * A pipeline deleted outside the gateway (console, SDK, Terraform) stays in
 * the cached list for the list's TTL, and its declaration for longer. When a
 * field of a pipeline finds it gone, this drops what the cache holds of it
 * at once (the list pages, its declaration, runtime and tags, in the shared
 * cache for every replica), so the next query no longer lists it; and the
 * error says what happened. The pipeline's node in a list is nullable, so
 * the rest of the page still answers: a vanished pipeline reads as a null
 * node with NOT_FOUND (`reason: PIPELINE_DELETED`) at its path.
 */
export const ForgetVanishedPipelines: MiddlewareFn<GatewayContext> = async ({ root, context }, next) => {
  try {
    return (await next()) as unknown;
  } catch (err) {
    if (!(root instanceof Pipeline) || !pipelineGone(err)) throw err;
    const seen = forgotten.get(context) ?? new Set<string>();
    forgotten.set(context, seen);
    if (!seen.has(root.name)) {
      seen.add(root.name);
      const { tags } = effects.definition(root.target, root.name);
      await context.invalidate({ tags });
    }
    const when = root.summary ? ': it was deleted after it was listed' : '';
    throw new GraphQLError(`Pipeline ${root.name} no longer exists${when}`, {
      extensions: { ...err.extensions, code: ErrorCode.NOT_FOUND, reason: 'PIPELINE_DELETED' },
    });
  }
};
