import { type Target, targetKey } from '../aws/target';
import { type TargetUpstream } from '../upstream/upstream';
import { type CallPriority } from '../upstream/priority';
import {
  type CachedLoader,
  createCachedLoader,
  type CachedLoaderSpec,
  type ReadPolicy,
} from './cached-loader';
import { invalidationTags } from './invalidation-tags';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';
import { type CacheTtls } from './ttl';

/**
 * What every group of CodePipeline loaders shares, so each domain file
 * builds its loaders the same way on the same cache, bounds and budget.
 */
export interface LoaderKit {
  target: Target;
  ttls: CacheTtls;
  /** A cached, bounded, single-flighted DataLoader for one CodePipeline read. */
  make<K, V>(spec: CachedLoaderSpec<K, V>): CachedLoader<K, V>;
  /** The invalidation tags of a pipeline's runtime data (state, executions). */
  runtimeTag(name: string): string[];
}

/** How a set of loaders reads: whose calls they are, and whether the cache may answer. */
export interface ReadMode {
  priority: CallPriority;
  /** Always read upstream (and write what was read into the cache). */
  refresh: boolean;
  /** The longest wait for the budget when no stale value can stand in; undefined waits until a token comes. */
  maxWaitMs?: number;
  /** The longest wait for the budget when a stale value can stand in (then served, marked stale). */
  staleWaitMs?: number;
  /** Stops budget waits (the poller stopping). */
  signal?: AbortSignal;
}

/** Binds the target's upstream, TTLs, runtime, trace and read mode once for all loader groups. */
export function createLoaderKit(
  upstream: TargetUpstream,
  ttls: CacheTtls,
  runtime: LoaderRuntime,
  trace: RequestTrace,
  mode: ReadMode,
): LoaderKit {
  const { target } = upstream;
  // Reads are logged with the request's calls too, so its audit and log see everything it asked upstream.
  const log = trace.calls;
  const patient = upstream.sender({
    priority: mode.priority,
    log,
    maxWaitMs: mode.maxWaitMs,
    signal: mode.signal,
  });
  const hurried = upstream.sender({
    priority: mode.priority,
    log,
    hasFallback: true,
    maxWaitMs: mode.staleWaitMs ?? mode.maxWaitMs,
    signal: mode.signal,
  });
  const policy: ReadPolicy = {
    refresh: mode.refresh,
    send: (hasStale, signal) => {
      if (!signal) return hasStale ? hurried : patient;
      return upstream.sender({
        priority: mode.priority,
        log,
        hasFallback: hasStale,
        maxWaitMs: hasStale ? (mode.staleWaitMs ?? mode.maxWaitMs) : mode.maxWaitMs,
        signal: mode.signal ? AbortSignal.any([mode.signal, signal]) : signal,
      });
    },
    // Each target has its own bound: a busy account never holds back another's reads.
    scope: targetKey(target),
  };
  return {
    target,
    ttls,
    make: <K, V>(spec: CachedLoaderSpec<K, V>): CachedLoader<K, V> =>
      createCachedLoader(spec, runtime, trace, policy),
    runtimeTag: (name: string) => [invalidationTags.runtime(target, name)],
  };
}
