import { type ApolloServerOptionsWithGateway, type BaseContext } from '@apollo/server';
import { type GraphQLSchema } from 'graphql';
import { executorGateway } from './compiled-gateway';
import { type ExecutorKind } from './executor-kind';
import { createOperationExecutor, type OperationExecutor } from './operation-executor';

/** What Apollo Server is given to execute: the schema alone (graphql-js), or a gateway with our executor. */
export type ApolloExecutionOptions =
  | { schema: GraphQLSchema; gateway?: undefined }
  | { gateway: ApolloServerOptionsWithGateway<BaseContext>['gateway']; schema?: undefined };

/**
 * The Apollo options for `kind`, and the executor behind them. `graphql-js`
 * hands Apollo the schema and lets it execute exactly as it always did;
 * `jit` hands it a gateway whose executor runs compiled queries.
 */
export function apolloExecution(
  schema: GraphQLSchema,
  kind: ExecutorKind,
): { apolloOptions: ApolloExecutionOptions; executor: OperationExecutor } {
  const executor = createOperationExecutor(schema, kind);
  return {
    apolloOptions: kind === 'jit' ? { gateway: executorGateway(schema, executor) } : { schema },
    executor,
  };
}
