import { type Target } from '../aws/target';
import { type CallPriority, type RequestPriority } from '../upstream/priority';
import { type Upstream } from '../upstream/upstream';
import { targetKey } from '../aws/target';
import { type CodePipelineLoaders, type CodePipelineReads, codePipelineReads } from './codepipeline-loaders';
import { bindReads, createLoaderKit, readPolicy, type ReadMode } from './loader-kit';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';
import { type CacheTtls } from './ttl';
import { createWriter, type Write, type WriterDeps } from './write';

/** How long reads wait for the budget. */
export interface ReadWaits {
  /** An interactive read with nothing stale to fall back on. */
  maxWaitMs: number;
  /** An interactive read that can serve a stale value instead. */
  staleWaitMs: number;
}

/**
 * The loader kit, not tied to any request: it builds the loaders of queries,
 * of the change detector and of live reads from the same specs, over the
 * same cache and the same upstream, so a poll and a query read and write the
 * very same cache entries.
 */
export class LoaderSource {
  constructor(
    readonly upstream: Upstream,
    readonly ttls: CacheTtls,
    readonly runtime: LoaderRuntime,
    private readonly waits: ReadWaits,
  ) {}

  /**
   * A request's loaders: cache first, at interactive priority, or at write
   * priority for a mutation's read-back after its write (see `createWriter`).
   */
  forRequest(
    target: Target,
    trace: RequestTrace,
    priority: RequestPriority = 'interactive',
  ): CodePipelineLoaders {
    return this.build(target, trace, { priority, refresh: false, ...this.waits });
  }

  /**
   * Loaders that always read upstream and store what they read: for reads
   * that must be live (an approval's token) and for the change detector.
   */
  fresh(
    target: Target,
    trace: RequestTrace,
    priority: CallPriority,
    signal?: AbortSignal,
  ): CodePipelineLoaders {
    const waits = priority === 'poller' ? {} : { maxWaitMs: this.waits.maxWaitMs };
    return this.build(target, trace, { priority, refresh: true, signal, ...waits });
  }

  /** A request's write entry (see `createWriter`). */
  writer(target: Target, deps: Omit<WriterDeps, 'upstream' | 'runtime'>): Write {
    return createWriter({ ...deps, upstream: this.upstream.forTarget(target), runtime: this.runtime });
  }

  /** Each target's reads, declared once: a request only binds them. */
  private readonly reads = new Map<string, CodePipelineReads>();

  private build(target: Target, trace: RequestTrace, mode: ReadMode): CodePipelineLoaders {
    const key = targetKey(target);
    let reads = this.reads.get(key);
    if (!reads) this.reads.set(key, (reads = codePipelineReads(createLoaderKit(target, this.ttls))));
    const upstream = this.upstream.forTarget(target);
    return bindReads(reads, this.runtime, trace, readPolicy(upstream, trace, mode));
  }
}
