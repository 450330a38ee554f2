import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { type GatewayContext } from '../schema/context';

interface Entry {
  data: unknown;
  expiresAtMs: number;
  /** Tells this answer from a later one under the same key. */
  id: number;
}

/** An answer as the index lists it: its key and id, not its data, so a stale listing holds no answer alive. */
interface Listing {
  key: string;
  id: number;
}

/**
 * Whole answers to read-only queries, kept in process memory for as long as
 * every value they were built from stays fresh, and dropped the moment any
 * of those values is invalidated or rewritten (here, or on another replica
 * through the cache's broadcast). A dashboard polled by many people is then
 * executed once per freshness window instead of once per request.
 *
 * Storing is on the path of every miss, so the index of answers by
 * dependency only ever appends: an answer evicted or replaced stays listed
 * (by key and id, never by data) until a sweep or a drop, and a drop removes
 * an answer only if it is still the one that was listed.
 */
export class ResponseCache {
  private entries = new Map<string, Entry>();
  private byDependency = new Map<string, Listing[]>();
  private nextId = 0;
  /** Where the incremental sweep of listings whose answer is gone has got to. */
  private sweeper?: Iterator<[string, Listing[]]>;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Listings in the dependency index, live or not yet swept: bounded by a small multiple of the live ones. */
  get listings(): number {
    let n = 0;
    for (const listed of this.byDependency.values()) n += listed.length;
    return n;
  }

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.data;
  }

  set(key: string, data: unknown, ttlMs: number, dependencies: Iterable<string>): void {
    if (this.maxEntries <= 0 || ttlMs <= 0) return;
    const id = (this.nextId += 1);
    this.entries.delete(key);
    this.entries.set(key, { data, expiresAtMs: this.now() + ttlMs, id });
    const listing: Listing = { key, id };
    let appended = 0;
    for (const dep of dependencies) {
      const listed = this.byDependency.get(dep);
      if (listed) listed.push(listing);
      else this.byDependency.set(dep, [listing]);
      appended += 1;
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    // Listings whose answer is gone are swept a little on every store, twice as many as it appended: the
    // index stays within a small multiple of the live answers' listings, with no pause to sweep it whole.
    this.sweep(2 * appended);
  }

  private live(listing: Listing): boolean {
    return this.entries.get(listing.key)?.id === listing.id;
  }

  /** Sweeps whole lists, in turn, until about `budget` listings have been looked at. */
  private sweep(budget: number): void {
    let left = budget;
    while (left > 0) {
      this.sweeper ??= this.byDependency.entries();
      const next = this.sweeper.next();
      if (next.done) {
        this.sweeper = undefined;
        return;
      }
      const [dep, listed] = next.value;
      left -= listed.length;
      const alive = listed.filter((l) => this.live(l));
      if (alive.length === 0) this.byDependency.delete(dep);
      else if (alive.length < listed.length) this.byDependency.set(dep, alive);
    }
  }

  /** Drops every answer built from any of these cache keys or tags. */
  drop(dependencies: Iterable<string>): void {
    for (const dep of dependencies) {
      const listed = this.byDependency.get(dep);
      if (!listed) continue;
      this.byDependency.delete(dep);
      for (const listing of listed) if (this.live(listing)) this.entries.delete(listing.key);
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
