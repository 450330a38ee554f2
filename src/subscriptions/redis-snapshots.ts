import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../aws/target';
import { type SnapshotStore } from './contracts';

/** Tuning of {@link RedisSnapshotStore}. */
export interface RedisSnapshotStoreOptions {
  /** How long a snapshot outlives its last write; a pipeline unpolled longer starts from scratch. Default 1 day. */
  ttlMs?: number;
}

/**
 * The poller's last snapshot of each pipeline, in Redis, so a replica that
 * takes the lease over diffs against what its predecessor saw: it neither
 * re-emits old transitions nor misses the ones during the handover.
 */
export class RedisSnapshotStore implements SnapshotStore {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: RedisSnapshotStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
  }

  async get(target: Target, pipelineName: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(target, pipelineName))) ?? undefined;
  }

  async set(target: Target, pipelineName: string, snapshot: string): Promise<void> {
    await this.redis.set(this.key(target, pipelineName), snapshot, 'PX', this.ttlMs);
  }

  private key(target: Target, pipelineName: string): string {
    return `${this.prefix}snapshot:${targetKey(target)}:${pipelineName}`;
  }
}
