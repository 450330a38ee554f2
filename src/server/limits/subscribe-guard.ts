import { GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';
import { checkLimits, measureOperation, type QueryLimits, selectOperation } from './measure';
import { rateLimitedError, type RateLimiter } from './rate-limit';

/** A graphql-ws `subscribe` message's payload, as far as the guard reads it. */
export interface SubscribePayloadLike {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * The limits of HTTP operations, applied to each graphql-ws `subscribe`:
 * its principal's rate, then its selection's depth and cost (each push of
 * `pipelineStateChanged` costs what its selection costs). Returns the errors
 * to send, or undefined to let graphql-ws run the operation. Documents that
 * do not parse or validate are left to graphql-ws, which reports them.
 */
export function subscribeGuard(
  schema: GraphQLSchema,
  limits: QueryLimits,
  limiter: RateLimiter | undefined,
): (
  payload: SubscribePayloadLike,
  principalKey: () => Promise<string>,
) => Promise<GraphQLError[] | undefined> {
  return async (payload, principalKey) => {
    if (limiter) {
      const decision = await limiter.take(await principalKey());
      if (!decision.allowed) {
        const { message, extensions } = rateLimitedError(decision.retryAfterMs);
        return [new GraphQLError(message, { extensions })];
      }
    }
    let document;
    try {
      document = parse(payload.query);
    } catch {
      return undefined;
    }
    if (validate(schema, document).length > 0) return undefined;
    const operation = selectOperation(document, payload.operationName);
    if (!operation) return undefined;
    try {
      const measure = measureOperation(
        schema,
        document,
        operation,
        payload.variables ?? undefined,
        limits.maxPageSize,
      );
      const refusal = checkLimits(measure, limits);
      return refusal ? [refusal] : undefined;
    } catch (err) {
      return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
    }
  };
}
