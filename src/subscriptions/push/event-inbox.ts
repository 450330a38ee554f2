import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../../aws/target';
import { type PushedTransition } from './eventbridge-event';

/**
 * Where accepted events are made durable before the endpoint answers 2xx:
 * a capped Redis stream per target, or memory when Redis is absent. Each
 * entry's id names the attempt that processes it (the gate's claim), so a
 * retry of the same event by EventBridge is a new attempt and a duplicate.
 */
export interface EventInbox {
  /** Appends the transitions, in order; resolves with their entry ids once they are stored. */
  append(target: Target, transitions: PushedTransition[]): Promise<string[]>;
}

/** Entries kept per target (`XADD MAXLEN ~`): an audit of what was pushed, bounded. */
export const DEFAULT_INBOX_LENGTH = 10_000;

/** The inbox shared by replicas: one stream per target, appended in one round trip. */
export class RedisEventInbox implements EventInbox {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxLength = DEFAULT_INBOX_LENGTH,
  ) {}

  async append(target: Target, transitions: PushedTransition[]): Promise<string[]> {
    const key = `${this.prefix}events:inbox:${targetKey(target)}`;
    const multi = this.redis.multi();
    for (const t of transitions) multi.xadd(key, 'MAXLEN', '~', this.maxLength, '*', 'e', JSON.stringify(t));
    const replies = (await multi.exec()) ?? [];
    return replies.map(([err, id]) => {
      if (err) throw err;
      if (typeof id !== 'string') throw new Error(`event inbox ${key}: XADD returned no id`);
      return id;
    });
  }
}

/** The inbox of a single process: a bounded ring, as durable as the process. */
export class MemoryEventInbox implements EventInbox {
  private readonly entries: { id: string; transition: PushedTransition }[] = [];
  private seq = 0;

  constructor(private readonly maxLength = DEFAULT_INBOX_LENGTH) {}

  /** How many entries are kept (for tests). */
  get length(): number {
    return this.entries.length;
  }

  async append(_target: Target, transitions: PushedTransition[]): Promise<string[]> {
    const ids = transitions.map((transition) => {
      const id = `m-${++this.seq}`;
      this.entries.push({ id, transition });
      return id;
    });
    if (this.entries.length > this.maxLength) this.entries.splice(0, this.entries.length - this.maxLength);
    return ids;
  }
}
