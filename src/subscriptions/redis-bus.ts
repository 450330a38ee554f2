import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../aws/target';
import { type PipelineEventData } from '../schema/subscriptions/pipeline-event';
import { type EventBus, type NewPipelineEvent } from './contracts';
import { decodeEventCursor, encodeEventCursor } from './redis-cursor';

/** Tuning of {@link RedisEventBus}; every member has a default. */
export interface RedisEventBusOptions {
  /** Approximate cap of each pipeline's log (`XADD MAXLEN ~`): how far back `after` can replay. Default 1000. */
  maxLength?: number;
  /** A log untouched this long is dropped (cursors into it then replay nothing). Default 7 days. */
  retentionMs?: number;
  /** Where failures nobody awaits go (subscriber connection, bad messages, listeners). Default console.error. */
  onError?: (context: string, err: Error) => void;
}

/** The one stream field holding an event (without its cursor, which is the entry id). */
const FIELD = 'e';

/**
 * KEYS[1]: the stream; ARGV[1]: max length; ARGV[2]: retention ms; ARGV[3]: the field; ARGV[4..]: events.
 * Appends them and returns their ids. `allow-oom`: the logs are capped, and events must still be recorded
 * when the cache has filled Redis (`maxmemory-policy noeviction` refuses ordinary writes then).
 */
const APPEND_SCRIPT = `#!lua flags=allow-oom
local ids = {}
for i = 4, #ARGV do
  ids[#ids + 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', ARGV[3], ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return ids
`;

/**
 * The event bus shared by replicas. Each pipeline has a capped Redis stream,
 * which is the replay log (the entry id is the cursor); every publish is then
 * broadcast on one pub/sub channel, cursors included, so every replica hands
 * its subscribers the same events with the same cursors.
 *
 * Local listeners are fed only from the channel, the publisher's own replica
 * included, so all replicas see one order. Publishes of one pipeline are
 * serialized on this replica, so the channel's order is the stream's.
 *
 * The main connection belongs to the caller; the bus owns only its subscriber
 * connection (`redis.duplicate()`), which ioredis reconnects and resubscribes.
 */
export class RedisEventBus implements EventBus {
  private readonly maxLength: number;
  private readonly retentionMs: number;
  private readonly onError: (context: string, err: Error) => void;
  private readonly channel: string;
  private readonly subscriber: Redis;
  private readonly subscribed: Promise<void>;
  private readonly listeners = new Set<(event: PipelineEventData) => void>();
  /** The last publish of each stream, so the next one starts after it. */
  private readonly tails = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: RedisEventBusOptions = {},
  ) {
    this.maxLength = options.maxLength ?? 1000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
    this.onError = options.onError ?? ((context, err) => console.error(`${context}:`, err.message));
    this.channel = `${prefix}events`;
    // Queue SUBSCRIBE until connected and wait as long as it takes: the caller's options may forbid both.
    this.subscriber = redis.duplicate({
      lazyConnect: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    this.subscriber.on('error', (err: Error) => this.onError('event bus subscriber', err));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.dispatch(message);
    });
    this.subscribed = this.subscriber.subscribe(this.channel).then(() => undefined);
    this.subscribed.catch((err: Error) => {
      if (!this.closed) this.onError('event bus subscribe', err);
    });
  }

  /** How many listeners are registered on this replica; tests use it to prove subscribers leave nothing behind. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Resolves once this replica receives broadcasts (rejects if the first SUBSCRIBE failed). */
  ready(): Promise<void> {
    return this.subscribed;
  }

  publish(target: Target, pipelineName: string, events: NewPipelineEvent[]): Promise<PipelineEventData[]> {
    if (events.length === 0) return Promise.resolve([]);
    const key = this.streamKey(target, pipelineName);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.append(key, target, pipelineName, events));
    this.tails.set(key, run);
    const forget = (): void => {
      if (this.tails.get(key) === run) this.tails.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  async replay(target: Target, pipelineName: string, afterCursor: string): Promise<PipelineEventData[]> {
    const tk = targetKey(target);
    const { entryId } = decodeEventCursor(afterCursor, { targetKey: tk, pipelineName });
    const entries = await this.redis.xrange(this.streamKey(target, pipelineName), `(${entryId}`, '+');
    return entries.flatMap(([id, fields]) => {
      const event = decodeEntry(fields);
      return event ? [{ ...event, cursor: encodeEventCursor(tk, pipelineName, id) }] : [];
    });
  }

  onEvent(listener: (event: PipelineEventData) => void): () => void {
    // A wrapper of its own, so the same function registered twice is two listeners.
    const own = (event: PipelineEventData): void => listener(event);
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    if (this.subscriber.status === 'ready') {
      await this.subscriber.quit().catch(() => this.subscriber.disconnect());
    } else {
      this.subscriber.disconnect();
    }
  }

  private async append(
    key: string,
    target: Target,
    pipelineName: string,
    events: NewPipelineEvent[],
  ): Promise<PipelineEventData[]> {
    const ids = (await this.redis.eval(
      APPEND_SCRIPT,
      1,
      key,
      this.maxLength,
      this.retentionMs,
      FIELD,
      ...events.map((event) => JSON.stringify(withoutCursor(event))),
    )) as unknown[];
    const tk = targetKey(target);
    const published = events.map((event, i) => {
      const id = ids[i];
      if (typeof id !== 'string') throw new Error(`event log ${key}: XADD returned no id`);
      return {
        ...withoutCursor(event),
        cursor: encodeEventCursor(tk, pipelineName, id),
      } as PipelineEventData;
    });
    await this.redis.publish(this.channel, JSON.stringify(published));
    return published;
  }

  private dispatch(message: string): void {
    let events: unknown;
    try {
      events = JSON.parse(message);
    } catch (err) {
      this.onError('event bus message', err as Error);
      return;
    }
    if (!Array.isArray(events)) return;
    for (const event of events as PipelineEventData[]) {
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (err) {
          this.onError('event listener', err as Error);
        }
      }
    }
  }

  private streamKey(target: Target, pipelineName: string): string {
    return `${this.prefix}events:${targetKey(target)}:${pipelineName}`;
  }
}

/** A caller may hand over events that still carry an old cursor; the log never stores one. */
function withoutCursor(event: NewPipelineEvent): NewPipelineEvent {
  if (!('cursor' in event)) return event;
  const { cursor: _cursor, ...rest } = event as PipelineEventData;
  return rest;
}

function decodeEntry(fields: string[]): NewPipelineEvent | undefined {
  const at = fields.indexOf(FIELD);
  const raw = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as NewPipelineEvent;
  } catch {
    return undefined;
  }
}
