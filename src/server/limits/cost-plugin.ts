import { type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type GatewayContext } from '../../schema/context';
import {
  checkLimits,
  measureOperation,
  type OperationMeasure,
  type QueryLimits,
  selectOperation,
} from './measure';

/** The error, answered with an HTTP status (Apollo reads `extensions.http` and strips it from the body). */
function withStatus(err: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status } } });
}

/**
 * Refuses operations over the depth or cost limit before any resolver runs
 * (so before any upstream call), and reports on accepted ones, as Shopify
 * and Buildkite do, in `extensions.cost`:
 * `{ requested, actual, maxCost, depth, maxDepth, maxPageSize }`, where
 * `requested` is the estimate and `actual` the upstream calls really made.
 */
export function costPlugin(limits: QueryLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let measure: OperationMeasure | undefined;
      return {
        async didResolveOperation({ document, operationName, request, schema }) {
          const operation = selectOperation(document, operationName);
          if (!operation) return;
          let measured: OperationMeasure;
          try {
            measured = measureOperation(schema, document, operation, request.variables, limits.maxPageSize);
          } catch (err) {
            throw err instanceof GraphQLError ? withStatus(err, 400) : err;
          }
          const refusal = checkLimits(measured, limits);
          if (refusal) throw withStatus(refusal, 400);
          measure = measured;
        },
        async willSendResponse({ response, contextValue }) {
          if (!measure || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            cost: {
              requested: measure.cost,
              actual: contextValue.trace.upstreamCalls,
              maxCost: limits.maxQueryCost,
              depth: measure.depth,
              maxDepth: limits.maxQueryDepth,
              maxPageSize: limits.maxPageSize,
            },
          };
        },
      };
    },
  };
}
