/**
 * The one cache interface the loaders see. Two implementations stand behind
 * it: Redis, shared by every replica, and an in-process LRU for a single
 * process without Redis. Loaders cannot tell them apart.
 */

/** A value as read back, with when it stops being fresh. */
export interface CachedValue {
  /** The JSON text that was stored. */
  value: string;
  /** Epoch ms when it was stored. */
  storedAtMs: number;
  /** Epoch ms after which it is stale: still usable when the upstream fails, never served otherwise. */
  freshUntilMs: number;
}

/** One value to store. */
export interface CacheWrite {
  key: string;
  /** JSON text. */
  value: string;
  /** How long the value is served as fresh. */
  freshForMs: number;
  /**
   * Invalidation tags: deleting a tag deletes every key written with it. A
   * pipeline's executions are cached under many keys (pages, filters), and a
   * mutation must drop them all without knowing each one.
   */
  tags?: readonly string[];
}

/** What every cache does. */
export interface Cache {
  readonly kind: 'redis' | 'memory';
  /** Reads many keys at once (one round trip for Redis); a miss is `undefined`. */
  getMany(keys: readonly string[]): Promise<(CachedValue | undefined)[]>;
  /**
   * The entry this process holds in memory for a key, synchronously, when it
   * is fresh; `undefined` otherwise (then `getMany` decides). Warm reads take
   * no promise, so a resolver can answer with the value in hand. Caches with
   * nothing in process memory leave it out.
   */
  peek?(key: string): CachedValue | undefined;
  /** Writes many values at once (one pipelined round trip for Redis). */
  setMany(writes: readonly CacheWrite[]): Promise<void>;
  /** Deletes keys, and every key written under the given tags. */
  invalidate(keys: readonly string[], tags?: readonly string[]): Promise<void>;
  /** Tells `listener` of invalidations made by other replicas (shared caches only). */
  onRemoteInvalidation?(listener: (keys: readonly string[], tags: readonly string[]) => void): void;
  close(): Promise<void>;
}

/**
 * Serializes a value with its freshness, for caches that store strings. The
 * header is plain text (`storedAt|freshUntil|json`), so reading freshness
 * never parses the value, and a value already decoded can be reused.
 */
export function encodeEntry(value: string, storedAtMs: number, freshUntilMs: number): string {
  return `${storedAtMs}|${freshUntilMs}|${value}`;
}

/** Reads an entry back; anything unreadable is a miss rather than an error. */
export function decodeEntry(raw: string | null | undefined): CachedValue | undefined {
  if (raw === null || raw === undefined) return undefined;
  const first = raw.indexOf('|');
  const second = first < 0 ? -1 : raw.indexOf('|', first + 1);
  if (second < 0) return undefined;
  const storedAtMs = Number(raw.slice(0, first));
  const freshUntilMs = Number(raw.slice(first + 1, second));
  if (!Number.isFinite(storedAtMs) || !Number.isFinite(freshUntilMs)) return undefined;
  return { value: raw.slice(second + 1), storedAtMs, freshUntilMs };
}
