import { classifyUpstreamError, UpstreamFailure } from '../aws/errors';
import { type CachedValue, type CacheWrite } from '../cache/cache';
import { encodeValue } from '../cache/codec';
import { inSpan } from '../upstream/spans';
import { type CachedLoaderSpec, type ReadPolicy } from './cached-loader';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';

/** Failures a recent cached value may stand in for (a refusal of our own budget counts as a throttle). */
function isTransient(failure: UpstreamFailure): boolean {
  return failure === UpstreamFailure.THROTTLED || failure === UpstreamFailure.UPSTREAM_UNAVAILABLE;
}

/**
 * A fresh cached entry served: noted as a dependency of the answer and as a
 * hit, and decoded (once per write). The batch and a loader's synchronous
 * `peek` serve fresh entries alike.
 */
export function serveFresh<K, V>(
  spec: CachedLoaderSpec<K, V>,
  runtime: LoaderRuntime,
  trace: RequestTrace,
  key: K,
  cacheKey: string,
  entry: CachedValue,
): V {
  trace.noteRead(cacheKey, entry.freshUntilMs, spec.tags, key);
  trace.recordCacheRead(spec.kind, 'hit');
  return runtime.decode<V>(cacheKey, entry);
}

/** What a batch tells its loader: each value answered, and each key that failed (to be asked again). */
export interface BatchListener<K, V> {
  settled(cacheKey: string, value: V): void;
  failed(key: K): void;
}

/**
 * The batch function of a request's loader of one CodePipeline read. Each batch:
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
export function cachedBatch<K, V>(
  spec: CachedLoaderSpec<K, V>,
  runtime: LoaderRuntime,
  trace: RequestTrace,
  policy: ReadPolicy,
  listener: BatchListener<K, V>,
): (keys: readonly K[]) => Promise<(V | Error)[]> {
  return tracedBatch(spec.kind, async (keys) => {
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
          const value = serveFresh(spec, runtime, trace, key, cacheKey, hit);
          listener.settled(cacheKey, value);
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
          listener.settled(cacheKey, value);
          const freshMs = spec.freshMs(value, key);
          if (freshMs > 0) {
            trace.noteRead(cacheKey, now + freshMs, spec.tags, key);
            writes.push({
              key: cacheKey,
              value: encodeValue(value),
              freshForMs: freshMs,
              tags: spec.tags?.(key),
            });
          } else trace.markUncacheable();
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
    if (failed.length > 0) queueMicrotask(() => failed.forEach((k) => listener.failed(k)));
    return results;
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
