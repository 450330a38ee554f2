import { type ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, type OperationDefinitionNode } from 'graphql';
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

/** Measures kept per document, by operation name and variables: at most this many each. */
const MEASURES_PER_DOCUMENT = 64;

/**
 * Measures already taken. A measure depends on the document, the operation
 * and the variables only, and Apollo hands every request of one query text
 * the same parsed document, so a dashboard polled with the same variables is
 * measured once rather than walked with TypeInfo on every request.
 */
class MeasureMemo {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, OperationMeasure>>();

  get(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
    measure: () => OperationMeasure,
  ): OperationMeasure {
    // Only the variables the operation declares can change its measure; others are ignored by execution too.
    // An absent variable (its default applies) and a null one measure differently: both are told apart.
    const declared = (operation.variableDefinitions ?? []).map(({ variable: { name } }) =>
      variables !== undefined && name.value in variables ? JSON.stringify(variables[name.value]) : '-',
    );
    const key = `${operation.name?.value ?? ''}|${declared.join(',')}`;
    let known = this.byDocument.get(document);
    const hit = known?.get(key);
    if (hit) return hit;
    const measured = measure();
    if (!known) this.byDocument.set(document, (known = new Map()));
    if (known.size >= MEASURES_PER_DOCUMENT) known.clear();
    known.set(key, measured);
    return measured;
  }
}

/**
 * Refuses operations over the depth or cost limit before any resolver runs
 * (so before any upstream call), and reports on accepted ones, as Shopify
 * and Buildkite do, in `extensions.cost`:
 * `{ requested, actual, maxCost, depth, maxDepth, maxPageSize }`, where
 * `requested` is the estimate and `actual` the upstream calls really made.
 */
export function costPlugin(limits: QueryLimits): ApolloServerPlugin<GatewayContext> {
  const measures = new MeasureMemo();
  return {
    async requestDidStart() {
      let measure: OperationMeasure | undefined;
      return {
        async didResolveOperation({ document, operationName, request, schema }) {
          const operation = selectOperation(document, operationName);
          if (!operation) return;
          let measured: OperationMeasure;
          try {
            measured = measures.get(document, operation, request.variables, () =>
              measureOperation(schema, document, operation, request.variables, limits.maxPageSize),
            );
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
