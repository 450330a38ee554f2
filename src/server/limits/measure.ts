import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { ErrorCode } from '../../schema/errors/error-codes';
import { upstreamCallEstimator } from './cost';

/** The bounds an operation is measured against. */
export interface QueryLimits {
  maxQueryCost: number;
  maxQueryDepth: number;
  maxPageSize: number;
}

/** What an operation would cost, measured before it runs. */
export interface OperationMeasure {
  /** Estimated upstream calls; `undefined` when the document has too many fields to estimate. */
  cost?: number;
  /** Deepest field nesting, introspection aside. */
  depth: number;
}

/**
 * Fields visited while estimating, fragments expanded. Bounds the work a
 * fragment-doubling document can cause: without it, a few hundred bytes of
 * nested spreads expand exponentially.
 */
export const MAX_QUERY_NODES = 10_000;

/**
 * Deepest field nesting of the operation, fragments expanded (each measured
 * once). Introspection (`__schema`, `__type`, `__typename`) is left out: it
 * is answered from memory, tools' standard query is 15 deep, and graphql-js
 * already bounds its recursion (MaxIntrospectionDepthRule).
 */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const fragmentDepth = new Map<string, number>();
  const depthOf = (set: SelectionSetNode, visiting: Set<string>): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          if (selection.name.value.startsWith('__')) break;
          deepest = Math.max(
            deepest,
            1 + (selection.selectionSet ? depthOf(selection.selectionSet, visiting) : 0),
          );
          break;
        case Kind.INLINE_FRAGMENT:
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // Unknown and cyclic spreads fail validation, which runs first; never loop on them here.
          if (!fragment || visiting.has(name)) break;
          let d = fragmentDepth.get(name);
          if (d === undefined) {
            visiting.add(name);
            d = depthOf(fragment.selectionSet, visiting);
            visiting.delete(name);
            fragmentDepth.set(name, d);
          }
          deepest = Math.max(deepest, d);
          break;
        }
        default: {
          const unreachable: never = selection;
          return unreachable;
        }
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

/** The operation a request runs: the named one, or the only one. */
export function selectOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * Measures a validated operation: depth, then cost with graphql-query-complexity
 * and the table of limits/cost.ts. Throws BAD_USER_INPUT when its variables
 * do not coerce (execution would refuse them anyway, before any call).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  maxPageSize: number,
): OperationMeasure {
  const depth = operationDepth(document, operation);
  try {
    const cost = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables,
      estimators: [upstreamCallEstimator(maxPageSize)],
      maxQueryNodes: MAX_QUERY_NODES,
    });
    return { cost, depth };
  } catch (err) {
    if (err instanceof GraphQLError && /maximum allowed number of nodes/.test(err.message)) {
      return { cost: undefined, depth };
    }
    throw new GraphQLError(err instanceof Error ? err.message : String(err), {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
}

/**
 * The refusal of an operation over a limit, or undefined when it is within
 * them. It names the measure and the limit, so a client can trim its query.
 */
export function checkLimits(measure: OperationMeasure, limits: QueryLimits): GraphQLError | undefined {
  const { cost, depth } = measure;
  const reasons: string[] = [];
  if (depth > limits.maxQueryDepth)
    reasons.push(`depth ${depth} is over the limit of ${limits.maxQueryDepth}`);
  if (cost === undefined) reasons.push(`it selects more than ${MAX_QUERY_NODES} fields`);
  else if (cost > limits.maxQueryCost) {
    reasons.push(`its estimated cost of ${cost} upstream calls is over the limit of ${limits.maxQueryCost}`);
  }
  if (reasons.length === 0) return undefined;
  return new GraphQLError(`Query too complex: ${reasons.join('; ')}. Ask for fewer items or fewer levels.`, {
    extensions: {
      code: ErrorCode.QUERY_TOO_COMPLEX,
      cost: cost ?? null,
      maxCost: limits.maxQueryCost,
      depth,
      maxDepth: limits.maxQueryDepth,
    },
  });
}
