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
 * What every group of CodePipeline reads shares, so each domain file
 * declares its reads the same way for one target. The reads are declared
 * once per target and bound to each request's loaders (`bindPolicy`).
 */
export interface LoaderKit {
  target: Target;
  ttls: CacheTtls;
  /** Declares one CodePipeline read: its key, cache entry, tags, freshness and upstream call. */
  read<K, V>(spec: CachedLoaderSpec<K, V>): CachedLoaderSpec<K, V>;
  /** The invalidation tags of a pipeline's runtime data (state, executions). */
  runtimeTag(name: string): string[];
}

/** The kit of one target's reads. */
export function createLoaderKit(target: Target, ttls: CacheTtls): LoaderKit {
  return {
    target,
    ttls,
    read: (spec) => spec,
    runtimeTag: (name: string) => [invalidationTags.runtime(target, name)],
  };
}

/** A request's (or a poll's) cached, bounded, single-flighted loader of one declared read. */
export type LoaderOf<S> = S extends CachedLoaderSpec<infer K, infer V> ? CachedLoader<K, V> : never;

/** Turns declared reads into a request's loaders, each over the same runtime, trace and read policy. */
export function bindReads<R extends Record<string, CachedLoaderSpec<never, unknown>>>(
  reads: R,
  runtime: LoaderRuntime,
  trace: RequestTrace,
  policy: ReadPolicy,
): { [N in keyof R]: LoaderOf<R[N]> } {
  const loaders: Record<string, unknown> = {};
  for (const name of Object.keys(reads)) {
    loaders[name] = createCachedLoader(
      reads[name] as CachedLoaderSpec<unknown, unknown>,
      runtime,
      trace,
      policy,
    );
  }
  return loaders as { [N in keyof R]: LoaderOf<R[N]> };
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

/** The read policy of a request's (or a poll's) loaders: the target's upstream at the mode's priority and waits. */
export function readPolicy(upstream: TargetUpstream, trace: RequestTrace, mode: ReadMode): ReadPolicy {
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
  return {
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
}
