import DataLoader from 'dataloader';
import { classifyUpstreamError, UpstreamFailure } from '../aws/errors';
import { type CachedValue, type CacheWrite } from '../cache/cache';
import { encodeValue } from '../cache/codec';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';
import { inSpan } from '../upstream/spans';
import { type Send } from '../upstream/codepipeline-command';

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

/** Failures a recent cached value may stand in for (a refusal of our own budget counts as a throttle). */
function isTransient(failure: UpstreamFailure): boolean {
  return failure === UpstreamFailure.THROTTLED || failure === UpstreamFailure.UPSTREAM_UNAVAILABLE;
}

/**
 * A request's loader of one CodePipeline read: DataLoader's `load` (batched,
 * one answer per key per request), plus the value in hand without a promise.
 */
export interface CachedLoader<K, V> extends DataLoader<K, V, string> {
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
 * A DataLoader over one CodePipeline read, per request (or per poll). Each batch:
 * 1. reads every key from the cache in one round trip (Redis MGET), unless
 *    the policy refreshes;
 * 2. calls upstream only for misses and stale entries, bounded per operation,
 *    and shared with any identical call already in flight (single-flight);
 * 3. writes every fetched value back in one pipelined round trip.
 *
 * A key that fails gets its own error without touching the rest of the
 * batch, is never cached, and is cleared from the loader so a retry refetches.
 * When the failure is a throttle or an outage and a stale value exists, the
 * stale value is served and recorded in the request's trace.
 */
export function createCachedLoader<K, V>(
  spec: CachedLoaderSpec<K, V>,
  runtime: LoaderRuntime,
  trace: RequestTrace,
  policy: ReadPolicy,
): CachedLoader<K, V> {
  // What this request has been answered, by cache key, and what it asked `load` for (answered or not).
  const settled = new Map<string, V>();
  const asked = new Set<string>();
  const loader: DataLoader<K, V, string> = new DataLoader<K, V, string>(
    // One span per batch (a no-op unless tracing is on): its upstream calls are its children.
    tracedBatch(spec.kind, async (keys) => {
      const cacheKeys = keys.map((k) => spec.cacheKey(k));
      let cached: (CachedValue | undefined)[] = [];
      if (!policy.refresh) {
        try {
          cached = await runtime.cache.getMany(cacheKeys);
        } catch (err) {
          runtime.onCacheError(err);
        }
      }
      const now = runtime.now();
      const writes: CacheWrite[] = [];
      const failed: K[] = [];
      const results = await Promise.all(
        keys.map(async (key, i): Promise<V | Error> => {
          const cacheKey = cacheKeys[i] ?? '';
          const hit = cached[i];
          if (hit && hit.freshUntilMs > now) {
            trace.noteRead(cacheKey, hit.freshUntilMs, spec.tags, key);
            trace.recordCacheRead(spec.kind, 'hit');
            const value = runtime.decode<V>(cacheKey, hit);
            settled.set(cacheKey, value);
            return value;
          }
          try {
            // A read with nothing to fall back on never joins one that gives up early to serve its stale value.
            const flight = `${spec.kind}|${hit ? 'stale' : 'none'}|${cacheKey}`;
            const value = await runtime.singleFlight.do(flight, () =>
              runtime
                .limiterFor(policy.scope ? `${policy.scope}|${spec.operation}` : spec.operation)
                .run(() =>
                  trace.timeCall(spec.operation, () =>
                    hit || policy.refresh
                      ? spec.fetch(key, policy.send(hit !== undefined))
                      : fetchUnlessFilled(spec, key, cacheKey, runtime, policy),
                  ),
                ),
            );
            trace.recordCacheRead(spec.kind, 'miss');
            settled.set(cacheKey, value);
            const freshMs = spec.freshMs(value, key);
            if (freshMs > 0) trace.noteRead(cacheKey, now + freshMs, spec.tags, key);
            else trace.markUncacheable();
            if (freshMs > 0) {
              writes.push({
                key: cacheKey,
                value: encodeValue(value),
                freshForMs: freshMs,
                tags: spec.tags?.(key),
              });
            }
            return value;
          } catch (err) {
            const failure = classifyUpstreamError(err as Error);
            trace.markUncacheable();
            trace.recordCacheRead(spec.kind, hit && isTransient(failure) ? 'stale' : 'miss');
            if (hit && isTransient(failure)) {
              trace.stale.push({
                kind: spec.kind,
                key: cacheKey,
                ageMs: now - hit.storedAtMs,
                reason: failure,
              });
              return runtime.decode<V>(cacheKey, hit);
            }
            failed.push(key);
            // The schema layer's mapping, plugged in by the composition root: clients get a coded error.
            return runtime.toError(err);
          }
        }),
      );
      if (writes.length > 0) {
        try {
          await runtime.cache.setMany(writes);
        } catch (err) {
          runtime.onCacheError(err);
        }
      }
      // An error is the answer for this batch only: a later load of the key asks again.
      if (failed.length > 0) queueMicrotask(() => failed.forEach((k) => loader.clear(k)));
      return results;
    }),
    { cacheKeyFn: (k) => spec.cacheKey(k) },
  );
  const load = loader.load.bind(loader);
  const peekKeyed = (key: K, cacheKey: string): V | undefined => {
    const known = settled.get(cacheKey);
    // A key already asked of `load` keeps the answer `load` gives, whatever the cache holds meanwhile.
    if (known !== undefined || policy.refresh || asked.has(cacheKey)) return known;
    const entry = runtime.cache.peek?.(cacheKey);
    if (!entry || entry.freshUntilMs <= runtime.now()) return undefined;
    trace.noteRead(cacheKey, entry.freshUntilMs, spec.tags, key);
    trace.recordCacheRead(spec.kind, 'hit');
    const value = runtime.decode<V>(cacheKey, entry);
    settled.set(cacheKey, value);
    return value;
  };
  const loadKeyed = (key: K, cacheKey: string): Promise<V> => {
    const known = settled.get(cacheKey);
    if (known !== undefined) return Promise.resolve(known);
    asked.add(cacheKey);
    return load(key);
  };
  return Object.assign(loader, {
    load: (key: K): Promise<V> => loadKeyed(key, spec.cacheKey(key)),
    peek: (key: K): V | undefined => peekKeyed(key, spec.cacheKey(key)),
    read: (key: K): V | Promise<V> => {
      const cacheKey = spec.cacheKey(key);
      return peekKeyed(key, cacheKey) ?? loadKeyed(key, cacheKey);
    },
  });
}

/** How often a read waiting for the budget with nothing cached looks whether another replica filled its key. */
const FILLED_CHECK_MS = 250;

/**
 * Fetches a key that has nothing cached, unless another replica (or this
 * process's poller) writes it to the shared cache while this read waits for
 * the budget: then the read leaves the budget's queue and answers with that
 * value. Every replica refetching what a write invalidated would otherwise
 * spend the fleet's budget several times on one key.
 */
async function fetchUnlessFilled<K, V>(
  spec: CachedLoaderSpec<K, V>,
  key: K,
  cacheKey: string,
  runtime: LoaderRuntime,
  policy: ReadPolicy,
): Promise<V> {
  const watch = new AbortController();
  let filled: CachedValue | undefined;
  const timer = setInterval(() => {
    runtime.cache.getMany([cacheKey]).then(
      ([entry]) => {
        if (entry && entry.freshUntilMs > runtime.now() && !filled) {
          filled = entry;
          watch.abort();
        }
      },
      () => undefined,
    );
  }, FILLED_CHECK_MS);
  try {
    return await spec.fetch(key, policy.send(false, watch.signal));
  } catch (err) {
    if (filled) return runtime.decode<V>(cacheKey, filled);
    throw err;
  } finally {
    clearInterval(timer);
  }
}

/** A batch function run in a span `loader <kind>`, with the number of keys it was asked for. */
function tracedBatch<K, R>(
  kind: string,
  batch: (keys: readonly K[]) => Promise<R>,
): (keys: readonly K[]) => Promise<R> {
  return (keys) =>
    inSpan(
      'codepipeline-gateway/loaders',
      `loader ${kind}`,
      { 'loader.kind': kind, 'loader.keys': keys.length },
      () => batch(keys),
    );
}
