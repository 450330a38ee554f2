import { type Target, targetKey } from '../aws/target';
import { type WatchRegistry } from './contracts';

/** The name a watcher of every pipeline registers under. */
export const ALL_PIPELINES = '*';

/**
 * Which pipelines this process's subscribers watch, as reference counts, so
 * the poller polls a pipeline exactly while at least one subscriber wants
 * it. Release functions are idempotent: a subscriber closed twice never
 * takes someone else's count.
 */
export class MemoryWatchRegistry implements WatchRegistry {
  private counts = new Map<string, Map<string, number>>();

  watch(target: Target, pipelineName: string): () => void {
    const key = targetKey(target);
    let perTarget = this.counts.get(key);
    if (!perTarget) this.counts.set(key, (perTarget = new Map()));
    const counts = perTarget;
    counts.set(pipelineName, (counts.get(pipelineName) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (counts.get(pipelineName) ?? 1) - 1;
      if (left > 0) counts.set(pipelineName, left);
      else counts.delete(pipelineName);
    };
  }

  async watched(target: Target): Promise<{ all: boolean; names: string[] }> {
    const counts = this.counts.get(targetKey(target)) ?? new Map<string, number>();
    return {
      all: counts.has(ALL_PIPELINES),
      names: [...counts.keys()].filter((n) => n !== ALL_PIPELINES).sort(),
    };
  }

  /** Total watchers of a target (`*` included); tests use it to prove nothing leaks. */
  watcherCount(target: Target): number {
    let total = 0;
    for (const n of this.counts.get(targetKey(target))?.values() ?? []) total += n;
    return total;
  }

  async close(): Promise<void> {
    this.counts.clear();
  }
}
