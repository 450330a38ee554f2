import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { CompiledQueries } from './compiled-queries';
import { type ExecutorKind } from './executor-kind';
import { toGraphQLError } from './jit-errors';

/** One parsed and validated operation, as Apollo hands it over. */
export interface OperationRequest {
  document: DocumentNode;
  /** SHA-256 of the source: the compiled-query cache's key. */
  queryHash: string;
  /** The operation Apollo resolved; absent when `operationName` names none (graphql-js then says so). */
  operation?: OperationDefinitionNode;
  /** The operation name the client sent. */
  operationName?: string;
  variables?: Record<string, unknown>;
  contextValue: unknown;
}

/** Runs one operation and gives its result, errors as `GraphQLError`s. */
export type OperationExecutor = ((request: OperationRequest) => Promise<ExecutionResult>) & {
  /** The compiled-query cache, for tests and metrics; absent on graphql-js. */
  readonly compiled?: CompiledQueries;
};

/** graphql-js's `execute`, with the arguments Apollo gives it when it executes on its own. */
function executeWithGraphqlJs(schema: GraphQLSchema, request: OperationRequest): Promise<ExecutionResult> {
  return Promise.resolve(
    execute({
      schema,
      document: request.document,
      contextValue: request.contextValue,
      variableValues: request.variables,
      operationName: request.operationName,
    }),
  );
}

function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map(toGraphQLError) };
}

/**
 * The executor for `kind`. With `jit`, each operation runs through a compiled
 * executor cached per document and operation; what graphql-jit does not take
 * (subscriptions, documents it refuses, a request whose operation name
 * matches none) runs on graphql-js, so the answer is never worse than before.
 */
export function createOperationExecutor(schema: GraphQLSchema, kind: ExecutorKind): OperationExecutor {
  switch (kind) {
    case 'graphql-js':
      return (request) => executeWithGraphqlJs(schema, request);
    case 'jit': {
      const compiled = new CompiledQueries(schema);
      const run = async (request: OperationRequest): Promise<ExecutionResult> => {
        if (!request.operation) return executeWithGraphqlJs(schema, request);
        const entry = compiled.get(
          request.queryHash,
          request.document,
          request.operation,
          request.operationName,
        );
        if (entry.kind === 'fallback') return executeWithGraphqlJs(schema, request);
        return withGraphQLErrors(await entry.query.query(undefined, request.contextValue, request.variables));
      };
      return Object.assign(run, { compiled });
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown executor ${String(unknown)}`);
    }
  }
}
