import { randomUUID } from 'node:crypto';
import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../aws/target';
import { type WatchRegistry } from './contracts';

/** Tuning of {@link RedisWatchRegistry}; every member has a default. */
export interface RedisWatchRegistryOptions {
  /** This replica's name in the shared sets (must not contain `|`). Default a random UUID. */
  replicaId?: string;
  /** How often this replica's members are refreshed. Default 5 s. */
  heartbeatMs?: number;
  /** How long a member outlives its last refresh: a dead replica's watches vanish after this. Default 15 s. */
  ttlMs?: number;
  now?: () => number;
  /** Where failures nobody awaits go (writes of watch/release, heartbeats). Default console.error. */
  onError?: (context: string, err: Error) => void;
}

/**
 * Which pipelines have subscribers on any replica, so the one poller polls
 * those only.
 *
 * Each replica counts its own watchers per pipeline and mirrors the set of
 * watched names into one Redis ZSET per target, members
 * `<replicaId>|<pipelineName>` (or `<replicaId>|*`) scored by expiry time. A
 * heartbeat pushes the expiry forward; a replica that dies stops beating and
 * its members lapse within `ttlMs`, while a clean release or close removes
 * them at once.
 */
export class RedisWatchRegistry implements WatchRegistry {
  readonly replicaId: string;
  private readonly heartbeatMs: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly onError: (context: string, err: Error) => void;
  /** targetKey → pipeline name → local watchers. */
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: RedisWatchRegistryOptions = {},
  ) {
    this.replicaId = options.replicaId ?? randomUUID();
    if (this.replicaId.includes('|')) throw new Error(`replicaId must not contain '|': ${this.replicaId}`);
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.ttlMs = options.ttlMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? ((context, err) => console.error(`${context}:`, err.message));
    this.timer = setInterval(() => this.track(this.heartbeat(), 'watch heartbeat'), this.heartbeatMs);
    this.timer.unref();
  }

  watch(target: Target, pipelineName: string): () => void {
    const tk = targetKey(target);
    let names = this.counts.get(tk);
    if (!names) this.counts.set(tk, (names = new Map()));
    const count = names.get(pipelineName) ?? 0;
    names.set(pipelineName, count + 1);
    if (count === 0 && !this.closed) this.track(this.add(tk, [pipelineName]), 'watch');
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.unwatch(tk, pipelineName);
    };
  }

  async watched(target: Target): Promise<{ all: boolean; names: string[] }> {
    const tk = targetKey(target);
    const key = this.key(tk);
    const now = this.now();
    const results = await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', now)
      .zrangebyscore(key, `(${now}`, '+inf')
      .exec();
    const [err, members] = results?.[1] ?? [new Error('transaction aborted'), null];
    if (err) throw err;
    const names = new Set<string>(this.counts.get(tk)?.keys() ?? []);
    for (const member of members as string[]) names.add(member.slice(member.lastIndexOf('|') + 1));
    const all = names.delete('*');
    return { all, names: [...names].sort() };
  }

  /** Resolves once every write this replica has started (watch, release, heartbeat) has landed. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
    const all = [...this.counts].map(([tk, names]) => [tk, [...names.keys()]] as const);
    this.counts.clear();
    if (all.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [tk, names] of all) pipeline.zrem(this.key(tk), ...names.map((n) => this.member(n)));
    try {
      await pipeline.exec();
    } catch (err) {
      // Not fatal: the members lapse after ttlMs.
      this.onError('watch close', err as Error);
    }
  }

  private unwatch(tk: string, pipelineName: string): void {
    const names = this.counts.get(tk);
    const count = names?.get(pipelineName) ?? 0;
    if (!names || count === 0) return;
    if (count > 1) {
      names.set(pipelineName, count - 1);
      return;
    }
    names.delete(pipelineName);
    if (names.size === 0) this.counts.delete(tk);
    if (!this.closed) {
      this.track(
        this.redis.zrem(this.key(tk), this.member(pipelineName)).then(() => undefined),
        'unwatch',
      );
    }
  }

  private async add(tk: string, names: string[]): Promise<void> {
    const key = this.key(tk);
    const expiry = this.now() + this.ttlMs;
    const results = await this.redis
      .pipeline()
      .zadd(key, ...names.flatMap((n) => [expiry, this.member(n)]))
      // The set outlives its newest member only; GT never sets a TTL on a set without one, so NX does.
      .pexpire(key, this.ttlMs, 'GT')
      .pexpire(key, this.ttlMs, 'NX')
      .exec();
    const failed = results?.find(([e]) => e !== null);
    if (failed?.[0]) throw failed[0];
  }

  private async heartbeat(): Promise<void> {
    await Promise.all([...this.counts].map(([tk, names]) => this.add(tk, [...names.keys()])));
  }

  private track(write: Promise<void>, context: string): void {
    const tracked = write.catch((err: Error) => this.onError(context, err));
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
  }

  private key(tk: string): string {
    return `${this.prefix}watch:${tk}`;
  }

  private member(pipelineName: string): string {
    return `${this.replicaId}|${pipelineName}`;
  }
}
