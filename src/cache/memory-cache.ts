import { type Cache, type CachedValue, type CacheWrite } from './cache';

interface MemoryEntry extends CachedValue {
  /** Epoch ms after which the entry is gone, stale or not. */
  expiresAtMs: number;
  tags: readonly string[];
  /** When a read last moved it to the most-recent end. */
  usedAtMs: number;
}

/**
 * A read moves its entry to the most-recent end at most this often. Moving
 * is a delete and an insert in a Map: on every one of a dashboard's warm
 * reads it cost more than the read itself, and the LRU loses nothing that
 * matters by ordering hot entries to the second.
 */
const RECENCY_GRANULARITY_MS = 1_000;

/**
 * An in-process LRU, used when no Redis is configured. It keeps a value for
 * its fresh time plus `staleRetentionMs`, so stale-on-error works here too.
 */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private entries = new Map<string, MemoryEntry>();
  private tagIndex = new Map<string, Set<string>>();

  constructor(
    private readonly maxEntries: number,
    private readonly staleRetentionMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async getMany(keys: readonly string[]): Promise<(CachedValue | undefined)[]> {
    const now = this.now();
    return keys.map((key) => {
      const entry = this.entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAtMs <= now) {
        this.remove(key);
        return undefined;
      }
      this.touch(key, entry, now);
      return { value: entry.value, storedAtMs: entry.storedAtMs, freshUntilMs: entry.freshUntilMs };
    });
  }

  /** A fresh entry, without a promise; it counts as a use for the LRU. Returns the stored entry itself: read-only. */
  peek(key: string): CachedValue | undefined {
    const entry = this.entries.get(key);
    const now = this.now();
    if (!entry || entry.freshUntilMs <= now) return undefined;
    this.touch(key, entry, now);
    return entry;
  }

  /** Refreshes recency: a Map iterates in insertion order, so re-inserting marks it most recent. */
  private touch(key: string, entry: MemoryEntry, now: number): void {
    if (now - entry.usedAtMs < RECENCY_GRANULARITY_MS) return;
    entry.usedAtMs = now;
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  async setMany(writes: readonly CacheWrite[]): Promise<void> {
    const now = this.now();
    for (const w of writes) {
      this.remove(w.key);
      const tags = w.tags ?? [];
      this.entries.set(w.key, {
        value: w.value,
        storedAtMs: now,
        freshUntilMs: now + w.freshForMs,
        expiresAtMs: now + w.freshForMs + this.staleRetentionMs,
        tags,
        usedAtMs: now,
      });
      for (const tag of tags) {
        let keys = this.tagIndex.get(tag);
        if (!keys) this.tagIndex.set(tag, (keys = new Set()));
        keys.add(w.key);
      }
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  async invalidate(keys: readonly string[], tags: readonly string[] = []): Promise<void> {
    for (const key of keys) this.remove(key);
    for (const tag of tags) {
      for (const key of this.tagIndex.get(tag) ?? []) this.remove(key);
      this.tagIndex.delete(tag);
    }
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.tagIndex.clear();
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.tagIndex.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tagIndex.delete(tag);
    }
  }
}
