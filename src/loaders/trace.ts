import { classifyUpstreamError } from '../aws/errors';
import { keyDependency } from '../cache/keys';
import { type UpstreamCallRecord } from '../upstream/call-observation';
import { type CacheReadOutcome, type LoaderObserver } from './runtime';

/** A value served from cache after the upstream failed: what clients see in `extensions.stale`. */
export interface StaleServe {
  kind: string;
  key: string;
  /** How old the served value was. */
  ageMs: number;
  /** The kind of failure it papered over (THROTTLED, UPSTREAM_UNAVAILABLE). */
  reason: string;
}

/**
 * What one GraphQL request cost upstream and whether any of its data is
 * stale. Created per request; the server layer reports it in `extensions`.
 */
export class RequestTrace {
  upstreamCalls = 0;
  /** Every upstream call the request made, with CodePipeline's request ids: the mutation audit names its writes'. */
  readonly calls: UpstreamCallRecord[] = [];
  readonly stale: StaleServe[] = [];
  readonly callsByOperation = new Map<string, number>();
  /**
   * What the request read, for the response cache: the cache keys and tags
   * whose change would change the answer, and when the first of them stops
   * being fresh. A read that cannot be cached (never-cached data, a stale
   * serve, an error) makes the whole answer uncacheable.
   */
  freshUntilMs = Infinity;
  /** The reads behind {@link dependencies}: named lazily, since only a cacheable answer needs them. */
  private readonly readKeys: string[] = [];
  private readonly readTags: (((key: never) => readonly string[]) | undefined)[] = [];
  private readonly readArgs: unknown[] = [];
  cacheable = true;
  /** True when the whole answer came from the response cache. */
  responseCacheHit = false;

  /** Notes a value the answer depends on; `tags(key)` names its invalidation tags, when asked. */
  noteRead<K>(cacheKey: string, freshUntilMs: number, tags?: (key: K) => readonly string[], key?: K): void {
    // Three lists rather than an object per read: a dashboard notes hundreds, and only a stored answer reads them.
    this.readKeys.push(cacheKey);
    this.readTags.push(tags as ((key: never) => readonly string[]) | undefined);
    this.readArgs.push(key);
    if (freshUntilMs < this.freshUntilMs) this.freshUntilMs = freshUntilMs;
  }

  /** The dependency names (cache keys and tags) of everything the answer read; a name may come more than once. */
  get dependencies(): string[] {
    const names: string[] = [];
    this.readKeys.forEach((cacheKey, i) => {
      names.push(keyDependency(cacheKey));
      const tags = this.readTags[i];
      if (tags) for (const tag of tags(this.readArgs[i] as never)) names.push(tag);
    });
    return names;
  }

  /** The answer must not be reused. */
  markUncacheable(): void {
    this.cacheable = false;
  }

  /** This request's cache reads by outcome, for its log line. */
  readonly cacheReads: Record<CacheReadOutcome, number> = { hit: 0, miss: 0, stale: 0 };

  /** `observer`: where calls and reads are also reported process-wide (the server's metrics). */
  constructor(private readonly observer?: LoaderObserver) {}

  recordCall(operation: string): void {
    this.upstreamCalls += 1;
    this.callsByOperation.set(operation, (this.callsByOperation.get(operation) ?? 0) + 1);
  }

  /** Records one upstream call and times it; the observer hears `success` or the error's gateway code. */
  async timeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
    this.recordCall(operation);
    const startedAt = performance.now();
    try {
      const result = await call();
      this.observer?.upstreamCall(operation, 'success', performance.now() - startedAt);
      return result;
    } catch (err) {
      this.observer?.upstreamCall(
        operation,
        classifyUpstreamError(err as Error),
        performance.now() - startedAt,
      );
      throw err;
    }
  }

  /** Records how one cached read went. */
  recordCacheRead(kind: string, outcome: CacheReadOutcome): void {
    this.cacheReads[outcome] += 1;
    this.observer?.cacheRead(kind, outcome);
  }
}
