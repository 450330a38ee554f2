/**
 * Shares one in-flight upstream call among everyone who asks for the same key
 * while it runs: a burst of dashboards opening at once costs one call per key,
 * not one per dashboard.
 */
export class SingleFlight {
  private inflight = new Map<string, Promise<unknown>>();

  /** Calls `task` unless a call for `key` is already running, in which case its result is shared. */
  do<T>(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const started = task().finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }

  get size(): number {
    return this.inflight.size;
  }
}
