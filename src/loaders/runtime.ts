import { type Cache, type CachedValue } from '../cache/cache';
import { decodeValue } from '../cache/codec';
import { Semaphore } from './semaphore';
import { SingleFlight } from './single-flight';

/** How one cached read went: fresh from the cache, fetched upstream, or served stale after the upstream failed. */
export type CacheReadOutcome = 'hit' | 'miss' | 'stale';

/**
 * Told of every upstream call and cache read, process-wide. The server layer
 * plugs its metrics in here; loaders never import it (layers run one way).
 */
export interface LoaderObserver {
  /** `outcome` is `success` or the kind of failure (THROTTLED, NOT_FOUND, UNEXPECTED, ...). */
  upstreamCall(operation: string, outcome: string, ms: number): void;
  cacheRead(kind: string, outcome: CacheReadOutcome): void;
}

/**
 * What loaders share across requests within a process: the cache, the
 * single-flight table and the per-operation concurrency bounds.
 */
export class LoaderRuntime {
  readonly singleFlight = new SingleFlight();
  /** Where every request's trace reports its upstream calls and cache reads; none by default. */
  observer?: LoaderObserver;
  private limiters = new Map<string, Semaphore>();
  /** Decoded values by cache key, with the write they came from: warm reads skip JSON parsing. */
  private decoded = new Map<string, { storedAtMs: number; text: string; value: unknown }>();
  private readonly maxDecoded = 20_000;

  constructor(
    readonly cache: Cache,
    private readonly concurrencyPerOperation: number,
    readonly onCacheError: (err: unknown) => void = () => undefined,
    readonly now: () => number = Date.now,
    /**
     * Turns a failed read into the error its resolver throws. The schema layer's
     * mapping (`toGraphQLError`) is plugged in by the composition root, since
     * loaders come before the schema; by default the error is kept as it came.
     */
    readonly toError: (err: unknown) => Error = (err) =>
      err instanceof Error ? err : new Error(String(err)),
  ) {}

  /**
   * Decodes a cached value, reusing the object decoded from the same write.
   * Decoded values are shared between requests and must not be mutated.
   */
  decode<V>(cacheKey: string, entry: CachedValue): V {
    const memo = this.decoded.get(cacheKey);
    // The text too: two writes of one key within a millisecond share a timestamp, not a value.
    if (memo && memo.storedAtMs === entry.storedAtMs && memo.text === entry.value) return memo.value as V;
    const value = decodeValue<V>(entry.value);
    if (this.decoded.size >= this.maxDecoded) {
      const oldest = this.decoded.keys().next().value;
      if (oldest !== undefined) this.decoded.delete(oldest);
    }
    this.decoded.set(cacheKey, { storedAtMs: entry.storedAtMs, text: entry.value, value });
    return value;
  }

  /** The concurrency bound of one CodePipeline operation, shared by all requests. */
  limiterFor(operation: string): Semaphore {
    let limiter = this.limiters.get(operation);
    if (!limiter) this.limiters.set(operation, (limiter = new Semaphore(this.concurrencyPerOperation)));
    return limiter;
  }
}
