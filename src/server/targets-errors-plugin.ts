import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../schema/context';

/**
 * Adds the errors of unreachable targets to an answer that still carries the
 * others' data: a list across targets answers with what it could read, plus
 * one error per target it could not (schema/target/pipelines-across.ts).
 * Listed before the response cache, so such an answer is never cached.
 */
export function targetErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response, contextValue }) => {
          const extra = contextValue.partialErrors;
          if (!extra || extra.length === 0 || response.body.kind !== 'single') return Promise.resolve();
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...extra.map((err) => err.toJSON())];
          return Promise.resolve();
        },
      }),
  };
}
