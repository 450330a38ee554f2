import { type ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { type GatewayContext } from '../../schema/context';

/**
 * Names the request's `graphql` span (tracing.ts) after its operation
 * (`query Dashboard`) and marks it failed with the error codes when the
 * answer has errors. A no-op while tracing is off: there is no active span.
 */
export function graphqlSpanPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          span.updateName(`${operation.operation} ${operationName ?? 'anonymous'}`);
          span.setAttributes({
            'graphql.operation.type': operation.operation,
            'graphql.operation.name': operationName ?? 'anonymous',
          });
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          if (errors.length === 0) return;
          const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL'));
          span.setAttribute('graphql.error_codes', codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
        },
      };
    },
  };
}
