import { type Cache } from '../cache/cache';
import { Semaphore } from './semaphore';
import { SingleFlight } from './single-flight';

/**
 * What loaders share across requests within a process: the cache, the
 * single-flight table and the per-operation concurrency bounds.
 */
export class LoaderRuntime {
  readonly singleFlight = new SingleFlight();
  private limiters = new Map<string, Semaphore>();

  constructor(
    readonly cache: Cache,
    private readonly concurrencyPerOperation: number,
    readonly onCacheError: (err: unknown) => void = () => undefined,
    readonly now: () => number = Date.now,
  ) {}

  /** The concurrency bound of one CodePipeline operation, shared by all requests. */
  limiterFor(operation: string): Semaphore {
    let limiter = this.limiters.get(operation);
    if (!limiter) this.limiters.set(operation, (limiter = new Semaphore(this.concurrencyPerOperation)));
    return limiter;
  }
}
