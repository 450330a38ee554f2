import { type Redis } from 'ioredis';

/**
 * What replicas share so that each Slack message is posted once and updated
 * once: claims on events and decisions (first writer wins), and records such
 * as where a message was posted. In Redis across replicas (`SET NX PX`), in
 * memory for a single process.
 */
export interface SlackClaims {
  /** Sets `key` to `value` unless it exists; true when this caller won. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The value under `key`, if any. */
  get(key: string): Promise<string | undefined>;
  /** Sets `key` to `value`, replacing what was there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes `key` (a claim whose work failed, so another attempt may run). */
  release(key: string): Promise<void>;
  /** Appends `value` to the list under `key` and returns the whole list, oldest first. */
  append(key: string, value: string, ttlMs: number): Promise<string[]>;
  /** The list under `key`, oldest first (empty when there is none). */
  list(key: string): Promise<string[]>;
}

/** Claims shared by every replica on one Redis. */
export class RedisSlackClaims implements SlackClaims {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + key, value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async append(key: string, value: string, ttlMs: number): Promise<string[]> {
    const listKey = this.prefix + key;
    const results = await this.redis
      .multi()
      .rpush(listKey, value)
      .pexpire(listKey, ttlMs)
      .lrange(listKey, 0, -1)
      .exec();
    const [error, list] = results?.[2] ?? [new Error('transaction aborted'), undefined];
    if (error) throw error;
    return list as string[];
  }

  async list(key: string): Promise<string[]> {
    return this.redis.lrange(this.prefix + key, 0, -1);
  }
}

/** Entries the memory claims keep before they drop expired, then oldest, ones. */
const MEMORY_CLAIMS_BOUND = 20_000;

/** Claims of a single process, when there is no Redis. */
export class MemorySlackClaims implements SlackClaims {
  private readonly entries = new Map<string, { value: string; expires: number }>();
  private readonly lists = new Map<string, { values: string[]; expires: number }>();

  private live(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires <= Date.now()) this.entries.delete(key);
    return entry && entry.expires > Date.now() ? entry.value : undefined;
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
    this.sweep();
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
    this.sweep();
  }

  async release(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async append(key: string, value: string, ttlMs: number): Promise<string[]> {
    const current = this.lists.get(key);
    const values = current && current.expires > Date.now() ? current.values : [];
    values.push(value);
    this.lists.set(key, { values, expires: Date.now() + ttlMs });
    this.sweep();
    return [...values];
  }

  async list(key: string): Promise<string[]> {
    const current = this.lists.get(key);
    return current && current.expires > Date.now() ? [...current.values] : [];
  }

  /**
   * Keeps memory bounded in a long-lived process: past the bound, expired
   * entries go, then the oldest (a claim that old is for an event long gone).
   */
  private sweep(): void {
    if (this.entries.size + this.lists.size < MEMORY_CLAIMS_BOUND) return;
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
    for (const [key, entry] of this.lists) if (entry.expires <= now) this.lists.delete(key);
    for (const map of [this.entries, this.lists]) {
      const excess = map.size - MEMORY_CLAIMS_BOUND / 2;
      if (excess <= 0) continue;
      let dropped = 0;
      for (const key of map.keys()) {
        if (dropped++ >= excess) break;
        map.delete(key);
      }
    }
  }
}
