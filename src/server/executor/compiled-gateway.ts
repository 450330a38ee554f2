import { type ApolloServerOptionsWithGateway, type BaseContext } from '@apollo/server';
import { type GraphQLSchema } from 'graphql';
import { type OperationExecutor } from './operation-executor';

/** Apollo's gateway interface, as @apollo/server exports it (its own package is Apollo's dependency, not ours). */
type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type SchemaListener = Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0];

/**
 * Hands Apollo Server our executor through its documented gateway hook
 * (`ApolloServerOptions.gateway`): Apollo still parses, validates, caches
 * documents and runs every plugin (limits, cost, auth, the response cache,
 * tracing, error formatting) and calls the executor only where it would call
 * graphql-js's `execute`. The schema is local and never changes, so `load`
 * reports it once and there is nothing to stop.
 */
export function executorGateway(schema: GraphQLSchema, executor: OperationExecutor): GatewayInterface {
  const listeners = new Set<SchemaListener>();
  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      // Apollo learns the schema from this callback, before load() returns.
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
      return {
        executor: (requestContext) =>
          executor({
            document: requestContext.document,
            queryHash: requestContext.queryHash,
            // Apollo types it as set; it is not when the operation name matches no operation.
            operation: requestContext.operation as typeof requestContext.operation | undefined,
            operationName: requestContext.request.operationName,
            variables: requestContext.request.variables,
            contextValue: requestContext.context,
          }),
      };
    },
    async stop() {
      listeners.clear();
    },
  };
}
