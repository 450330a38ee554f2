import { type Cache, type CachedValue, type CacheWrite } from './cache';
import { keyDependency } from './keys';

/**
 * A cache that reports every change to what it holds (writes, local and
 * remote invalidations) as dependency names, so anything derived from cached
 * values (the response cache) is dropped the moment its inputs change.
 */
export class NotifyingCache implements Cache {
  constructor(
    private readonly inner: Cache,
    private readonly changed: (dependencies: string[]) => void,
  ) {
    inner.onRemoteInvalidation?.((keys, tags) => changed([...keys.map(keyDependency), ...tags]));
  }

  get kind(): 'redis' | 'memory' {
    return this.inner.kind;
  }

  getMany(keys: readonly string[]): Promise<(CachedValue | undefined)[]> {
    return this.inner.getMany(keys);
  }

  peek(key: string): CachedValue | undefined {
    return this.inner.peek?.(key);
  }

  async setMany(writes: readonly CacheWrite[]): Promise<void> {
    await this.inner.setMany(writes);
    this.changed(writes.map((w) => keyDependency(w.key)));
  }

  async invalidate(keys: readonly string[], tags: readonly string[] = []): Promise<void> {
    // Derived answers go first: even if the cache is unreachable, nothing stale is reused here.
    this.changed([...keys.map(keyDependency), ...tags]);
    await this.inner.invalidate(keys, tags);
  }

  onRemoteInvalidation(listener: (keys: readonly string[], tags: readonly string[]) => void): void {
    this.inner.onRemoteInvalidation?.(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
