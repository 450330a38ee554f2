import {
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  type GraphQLObjectType,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * Some subscriptions push states, not events: `pipelineStateChanged` sends
 * the whole pipeline, read afresh, after each burst of changes the poller
 * detected. A change the subscriber did not select (an action's state when
 * it asked for stages only), or two bursts read from the same fresh data,
 * then render the same payload twice, which tells it nothing. A field marked
 * with this extension never pushes a subscriber a payload equal to the last
 * one it pushed. Event subscriptions (`pipelineEvents`) are not marked:
 * two events that look alike in the fields a client chose are still two
 * events.
 */
export const DISTINCT_PUSHES = { distinctPushes: true } as const;

/** True when every root field of the subscription is marked with {@link DISTINCT_PUSHES}. */
function pushesStates(subscriptionType: GraphQLObjectType, operation: OperationDefinitionNode): boolean {
  const fields = subscriptionType.getFields();
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD && fields[selection.name.value]?.extensions.distinctPushes === true,
  );
}

/**
 * Drops each result equal to the one before it. A hand-written iterator, not
 * an async generator: `return()` must reach the source at once (releasing its
 * watches) even while a `next()` waits for the next change.
 */
function withoutRepeats(source: AsyncIterable<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
  const inner = source[Symbol.asyncIterator]();
  let last: string | undefined;
  const it: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      for (;;) {
        const step = await inner.next();
        if (step.done) return step;
        const rendered = JSON.stringify(step.value);
        if (rendered !== last) {
          last = rendered;
          return step;
        }
      }
    },
    return: async (value?: unknown) =>
      inner.return ? inner.return(value) : { done: true, value: undefined as unknown as ExecutionResult },
    throw: async (err?: unknown) => (inner.throw ? inner.throw(err) : Promise.reject(err)),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/**
 * Wraps a `subscribe` (graphql-js's, or any executor's with its shape) so
 * that subscriptions to {@link DISTINCT_PUSHES} fields skip repeated
 * payloads. Other operations, and results that are not streams (errors
 * before the stream starts), pass as they are.
 */
export function distinctPushes(
  subscribe: (args: ExecutionArgs) => Stream | ExecutionResult | Promise<Stream | ExecutionResult>,
): (args: ExecutionArgs) => Promise<Stream | ExecutionResult> {
  return async (args) => {
    const result = await subscribe(args);
    const subscriptionType = args.schema.getSubscriptionType();
    const operation = getOperationAST(args.document, args.operationName);
    if (!(Symbol.asyncIterator in result) || !subscriptionType || operation?.operation !== 'subscription') {
      return result;
    }
    return pushesStates(subscriptionType, operation) ? withoutRepeats(result) : result;
  };
}

/** What a subscription answers once started. */
type Stream = AsyncIterable<ExecutionResult>;
