import { GraphQLError } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { isPromiseLike } from '../../loaders/in-hand';
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

/** Drops what the cache holds of a vanished pipeline (once per request), and says what happened. */
async function forgetVanished(err: unknown, root: unknown, context: GatewayContext): Promise<never> {
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

/**
 * A pipeline deleted outside the gateway (console, SDK, Terraform) stays in
 * the cached list for the list's TTL, and its declaration for longer. When a
 * field of a pipeline finds it gone, this drops what the cache holds of it
 * at once (the list pages, its declaration, runtime and tags, in the shared
 * cache for every replica), so the next query no longer lists it; and the
 * error says what happened. The pipeline's node in a list is nullable, so
 * the rest of the page still answers: a vanished pipeline reads as a null
 * node with NOT_FOUND (`reason: PIPELINE_DELETED`) at its path.
 *
 * A class decorator for resolvers of `Pipeline`, wrapping each of their
 * field resolvers (with a `@Root()` and a context parameter) rather than a
 * type-graphql middleware: a middleware makes every field async, while this
 * adds nothing to a field that answers from what is in hand, and one
 * `catch` to one that waits. A class decorator runs after the method
 * decorators, so the parameters are recorded by then.
 */
export function ForgetsVanishedPipelines(): ClassDecorator {
  return (cls) => {
    const storage = getMetadataStorage();
    const prototype = cls.prototype as Record<string, unknown>;
    const methods = new Set(storage.fieldResolvers.filter((r) => r.target === cls).map((r) => r.methodName));
    for (const name of methods) {
      const params = storage.params.filter((p) => p.target === cls && p.methodName === name);
      const rootAt = params.find((p) => p.kind === 'root')?.index;
      const contextAt = params.find((p) => p.kind === 'context' || p.kind === 'custom')?.index;
      const method = prototype[name];
      if (rootAt === undefined || contextAt === undefined || typeof method !== 'function') continue;
      const resolve = method as (...args: unknown[]) => unknown;
      // Up to five parameters passed as such: no array is made per call of a field that answers at once.
      if (resolve.length > 5) throw new Error(`${cls.name}.${name}: at most 5 parameters are forwarded`);
      const forgetIn = (err: unknown, args: unknown[]): Promise<never> =>
        forgetVanished(err, args[rootAt], args[contextAt] as GatewayContext);
      prototype[name] = function forgettingVanished(
        this: unknown,
        a?: unknown,
        b?: unknown,
        c?: unknown,
        d?: unknown,
        e?: unknown,
      ): unknown {
        try {
          const result = resolve.call(this, a, b, c, d, e);
          if (!isPromiseLike(result)) return result;
          return result.then(undefined, (err: unknown) => forgetIn(err, [a, b, c, d, e]));
        } catch (err) {
          return forgetIn(err, [a, b, c, d, e]);
        }
      };
    }
  };
}
