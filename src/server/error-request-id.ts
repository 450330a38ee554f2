import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../schema/context';
import { ErrorCode } from '../schema/errors/error-codes';

/**
 * Puts the request id on every `INTERNAL` error of an HTTP response (after
 * the one `formatError` masked it), so a client can quote it and an operator
 * find the logged cause; the id is also the response's `x-request-id`.
 */
export function errorRequestIdPlugin(
  idOf: (trace: object) => string | undefined,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          const requestId = contextValue.trace ? idOf(contextValue.trace) : undefined;
          if (!errors || !requestId) return;
          response.body.singleResult.errors = errors.map((error) =>
            error.extensions?.code === ErrorCode.INTERNAL
              ? { ...error, extensions: { ...error.extensions, requestId } }
              : error,
          );
        },
      };
    },
  };
}
