import DataLoader from 'dataloader';
import { type Send } from '../upstream/codepipeline-command';
import { cachedBatch, serveFresh } from './cached-batch';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';

/** How one CodePipeline read is keyed, cached and fetched. */
export interface CachedLoaderSpec<K, V> {
  /** The CodePipeline operation behind it: names its concurrency bound and its trace entries. */
  operation: string;
  /** The kind of data, first in every cache key. */
  kind: string;
  /** The cache key, target included. Also DataLoader's key, so equal keys batch and dedupe. */
  cacheKey(key: K): string;
  /** Invalidation tags for the written value. */
  tags?(key: K): string[];
  /** How long a fetched value stays fresh; 0 means never cache it. */
  freshMs(value: V, key: K): number;
  /** The upstream call for one key, made with `send` (bound to the target, the caller's priority and wait bound). */
  fetch(key: K, send: Send): Promise<V>;
}

/**
 * How a loader reads: from the cache first (queries), or always upstream
 * (`refresh`, for the change detector and for reads that must be live),
 * and how it sends. `send(hasStale)` gets the sender for one fetch: with a
 * stale value to fall back on, a read waits less for the budget.
 */
export interface ReadPolicy {
  refresh: boolean;
  /** `signal` stops this one call's wait for the budget (another replica filled the key meanwhile). */
  send(hasStale: boolean, signal?: AbortSignal): Send;
  /** Whose calls share the in-flight bound (`UPSTREAM_CONCURRENCY` per operation): the target's key. */
  scope?: string;
}

/**
 * A request's loader of one CodePipeline read: DataLoader's `load` (batched,
 * one answer per key per request), plus the value in hand without a promise.
 */
export interface CachedLoader<K, V> {
  /** The value, batched with the other loads of this tick (see `cachedBatch`). */
  load(key: K): Promise<V>;
  /**
   * The value this request already has for `key`, or a fresh one this
   * process holds in memory (the near cache), synchronously; `undefined` when
   * only `load` can tell. Once a key is answered, the request keeps that
   * answer: `peek` and `load` agree for the rest of it.
   */
  peek(key: K): V | undefined;
  /** `peek`, else `load`: a value when in hand, a promise otherwise. */
  read(key: K): V | Promise<V>;
}

/**
 * The loader of one read for one request (or one poll). It costs almost
 * nothing until used: a request builds one per read for each target it
 * touches, and a warm one answers from what is in hand without ever
 * creating its DataLoader.
 */
class RequestLoader<K, V> implements CachedLoader<K, V> {
  /** What this request has been answered, by cache key (made on the first answer). */
  private settled?: Map<string, V>;
  /** The keys asked of `load` (answered or not): `peek` never reads past them. */
  private asked?: Set<string>;
  private loader?: DataLoader<K, V, string>;

  constructor(
    private readonly spec: CachedLoaderSpec<K, V>,
    private readonly runtime: LoaderRuntime,
    private readonly trace: RequestTrace,
    private readonly policy: ReadPolicy,
  ) {}

  load(key: K): Promise<V> {
    return this.loadKeyed(key, this.spec.cacheKey(key));
  }

  peek(key: K): V | undefined {
    return this.peekKeyed(key, this.spec.cacheKey(key));
  }

  read(key: K): V | Promise<V> {
    const cacheKey = this.spec.cacheKey(key);
    return this.peekKeyed(key, cacheKey) ?? this.loadKeyed(key, cacheKey);
  }

  private peekKeyed(key: K, cacheKey: string): V | undefined {
    const known = this.settled?.get(cacheKey);
    // A key already asked of `load` keeps the answer `load` gives, whatever the cache holds meanwhile.
    if (known !== undefined || this.policy.refresh || this.asked?.has(cacheKey)) return known;
    // `peek` hands back fresh entries only (cache.ts).
    const entry = this.runtime.cache.peek?.(cacheKey);
    if (!entry) return undefined;
    const value = serveFresh(this.spec, this.runtime, this.trace, key, cacheKey, entry);
    this.settle(cacheKey, value);
    return value;
  }

  private loadKeyed(key: K, cacheKey: string): Promise<V> {
    const known = this.settled?.get(cacheKey);
    if (known !== undefined) return Promise.resolve(known);
    (this.asked ??= new Set()).add(cacheKey);
    return this.dataLoader().load(key);
  }

  private settle(cacheKey: string, value: V): void {
    (this.settled ??= new Map()).set(cacheKey, value);
  }

  private dataLoader(): DataLoader<K, V, string> {
    if (this.loader) return this.loader;
    const loader = new DataLoader<K, V, string>(
      cachedBatch(this.spec, this.runtime, this.trace, this.policy, {
        settled: (cacheKey, value) => this.settle(cacheKey, value),
        // An error is the answer for this batch only: a later load of the key asks again.
        failed: (key) => loader.clear(key),
      }),
      { cacheKeyFn: (k) => this.spec.cacheKey(k) },
    );
    this.loader = loader;
    return loader;
  }
}

/** A request's loader of one CodePipeline read (see {@link RequestLoader} and `cachedBatch`). */
export function createCachedLoader<K, V>(
  spec: CachedLoaderSpec<K, V>,
  runtime: LoaderRuntime,
  trace: RequestTrace,
  policy: ReadPolicy,
): CachedLoader<K, V> {
  return new RequestLoader(spec, runtime, trace, policy);
}
