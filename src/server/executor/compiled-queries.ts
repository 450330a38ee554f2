import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, type CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { selectsResolvedAbstractType } from './abstract-types';

/** Why an operation runs on graphql-js rather than compiled. */
export type FallbackReason =
  /** Subscriptions stream: graphql-ws serves them with graphql-js; over HTTP Apollo answers them as before. */
  | 'subscription'
  /** An interface or union with its own `resolveType`: graphql-jit calls it synchronously, type-graphql's is async. */
  | 'abstract-type'
  /** graphql-jit refused the document (it then says why); graphql-js gives the answer and any error. */
  | 'not-compilable';

/** What the cache holds per document and operation: an executor, or the reason there is none. */
export type Compiled =
  { kind: 'compiled'; query: CompiledQuery } | { kind: 'fallback'; reason: FallbackReason };

/** Counts for tests and metrics: compiles, cache hits and fallbacks by reason. */
export interface CompiledQueriesStats {
  compiled: number;
  hits: number;
  fallbacks: Record<FallbackReason, number>;
  size: number;
}

const SUBSCRIPTION: Compiled = { kind: 'fallback', reason: 'subscription' };

/** Compiled executors kept by default: a deployment serves a few dozen distinct documents, each compiled in milliseconds. */
export const DEFAULT_COMPILED_ENTRIES = 1_000;

/**
 * graphql-jit executors, compiled once per document and operation and kept in
 * a bounded LRU keyed by Apollo's query hash (a SHA-256 of the source) and the
 * operation name. Compiling costs milliseconds; running a compiled query
 * costs a fraction of graphql-js's per-field work, so the cache is what makes
 * the compiler pay. Decisions to fall back are cached too, so a document
 * graphql-jit refuses is not recompiled on every request.
 */
export class CompiledQueries {
  private readonly entries = new Map<string, Compiled>();
  private readonly counts: Omit<CompiledQueriesStats, 'size'> = {
    compiled: 0,
    hits: 0,
    fallbacks: { subscription: 0, 'abstract-type': 0, 'not-compilable': 0 },
  };

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries = DEFAULT_COMPILED_ENTRIES,
  ) {}

  /** The executor for `operation` (named `operationName` in the request) of `document`, compiled on first use. */
  get(
    queryHash: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
  ): Compiled {
    if (operation.operation === 'subscription') return this.count(SUBSCRIPTION);
    const key = `${operationName ?? ''}\n${queryHash}`;
    const found = this.entries.get(key);
    if (found) {
      this.counts.hits += 1;
      // Most recently used last: eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, found);
      return this.count(found);
    }
    const compiled = this.compile(document, operationName);
    this.entries.set(key, compiled);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return this.count(compiled);
  }

  stats(): CompiledQueriesStats {
    return { ...this.counts, fallbacks: { ...this.counts.fallbacks }, size: this.entries.size };
  }

  private count(compiled: Compiled): Compiled {
    if (compiled.kind === 'fallback') this.counts.fallbacks[compiled.reason] += 1;
    return compiled;
  }

  private compile(document: DocumentNode, operationName: string | undefined): Compiled {
    if (selectsResolvedAbstractType(this.schema, document))
      return { kind: 'fallback', reason: 'abstract-type' };
    let result: CompiledQuery | ExecutionResult;
    try {
      result = compileQuery<Record<string, unknown>, Record<string, unknown>>(
        this.schema,
        document,
        operationName,
        {
          // Skip and include on fragment spreads as graphql-js reads them.
          useExperimentalPathBasedSkipInclude: true,
        },
      );
    } catch {
      return { kind: 'fallback', reason: 'not-compilable' };
    }
    if (!isCompiledQuery(result)) return { kind: 'fallback', reason: 'not-compilable' };
    this.counts.compiled += 1;
    return { kind: 'compiled', query: result };
  }
}
