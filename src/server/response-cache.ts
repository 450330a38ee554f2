import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { type GatewayContext } from '../schema/context';

interface Entry {
  data: unknown;
  expiresAtMs: number;
  dependencies: string[];
}

/**
 * Whole answers to read-only queries, kept in process memory for as long as
 * every value they were built from stays fresh, and dropped the moment any
 * of those values is invalidated or rewritten (here, or on another replica
 * through the cache's broadcast). A dashboard polled by many people is then
 * executed once per freshness window instead of once per request.
 */
export class ResponseCache {
  private entries = new Map<string, Entry>();
  private byDependency = new Map<string, Set<string>>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.remove(key);
      return undefined;
    }
    return entry.data;
  }

  set(key: string, data: unknown, ttlMs: number, dependencies: Iterable<string>): void {
    if (this.maxEntries <= 0 || ttlMs <= 0) return;
    this.remove(key);
    const deps = [...dependencies];
    this.entries.set(key, { data, expiresAtMs: this.now() + ttlMs, dependencies: deps });
    for (const dep of deps) {
      let keys = this.byDependency.get(dep);
      if (!keys) this.byDependency.set(dep, (keys = new Set()));
      keys.add(key);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  /** Drops every answer built from any of these cache keys or tags. */
  drop(dependencies: Iterable<string>): void {
    for (const dep of dependencies) {
      const keys = this.byDependency.get(dep);
      if (!keys) continue;
      for (const key of [...keys]) this.remove(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const dep of entry.dependencies) {
      const keys = this.byDependency.get(dep);
      keys?.delete(key);
      if (keys?.size === 0) this.byDependency.delete(dep);
    }
  }
}

/** Answers reused within this margin of going stale are not stored: they would barely be reused. */
const MIN_TTL_MS = 50;

/**
 * Serves repeated read-only queries from the {@link ResponseCache}. Only
 * answers built entirely from fresh cached data, with no errors and no stale
 * serves, are stored; mutations and subscriptions never are. `scopeOf` keys
 * answers by who asked, so two principals with different scopes never share.
 */
export function responseCachePlugin(
  cache: ResponseCache,
  scopeOf: (ctx: GatewayContext) => string,
): ApolloServerPlugin<GatewayContext> {
  const keyOf = (ctx: GatewayContext, source: string, operationName: string | null, variables: unknown) =>
    createHash('sha256')
      .update(`${scopeOf(ctx)}\n${operationName ?? ''}\n${source}\n${JSON.stringify(variables ?? {})}`)
      .digest('base64url');
  return {
    async requestDidStart() {
      let key: string | undefined;
      let hit = false;
      return {
        async responseForOperation({ contextValue, operation, source, operationName, request }) {
          // Apollo's types say `operation` is set, but Apollo calls this with none when `operationName`
          // names no operation of the document (execution then answers 400): never read it unchecked.
          if ((operation as typeof operation | undefined)?.operation !== 'query') return null;
          key = keyOf(contextValue, source, operationName, request.variables);
          const data = cache.get(key) as Record<string, unknown> | undefined;
          if (data === undefined) return null;
          hit = true;
          contextValue.trace.responseCacheHit = true;
          return {
            http: { headers: new HeaderMap(), status: undefined },
            body: { kind: 'single', singleResult: { data } },
          };
        },
        async willSendResponse({ response, contextValue }) {
          if (hit || key === undefined || response.body.kind !== 'single') return;
          const { trace } = contextValue;
          const result = response.body.singleResult;
          if (result.errors || !result.data || !trace.cacheable || trace.stale.length > 0) return;
          const ttlMs = trace.freshUntilMs - Date.now();
          if (!Number.isFinite(ttlMs) || ttlMs < MIN_TTL_MS) return;
          cache.set(key, result.data, ttlMs, trace.dependencies);
        },
      };
    },
  };
}
