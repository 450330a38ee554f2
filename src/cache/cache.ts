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
  /** Writes many values at once (one pipelined round trip for Redis). */
  setMany(writes: readonly CacheWrite[]): Promise<void>;
  /** Deletes keys, and every key written under the given tags. */
  invalidate(keys: readonly string[], tags?: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The envelope stored for each key. Short member names: it is stored millions of times. */
interface Envelope {
  /** storedAtMs */
  s: number;
  /** freshUntilMs */
  f: number;
  /** the JSON value */
  v: string;
}

/** Serializes a value with its freshness, for caches that store strings. */
export function encodeEntry(value: string, storedAtMs: number, freshUntilMs: number): string {
  const envelope: Envelope = { s: storedAtMs, f: freshUntilMs, v: value };
  return JSON.stringify(envelope);
}

/** Reads an envelope back; anything unreadable is a miss rather than an error. */
export function decodeEntry(raw: string | null | undefined): CachedValue | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    const e = JSON.parse(raw) as Partial<Envelope>;
    if (typeof e.s !== 'number' || typeof e.f !== 'number' || typeof e.v !== 'string') return undefined;
    return { value: e.v, storedAtMs: e.s, freshUntilMs: e.f };
  } catch {
    return undefined;
  }
}
