import { type Target, targetKey } from '../aws/target';
import { type PipelineEventData } from '../schema/subscriptions/pipeline-event';
import { type EventBus, type NewPipelineEvent } from './contracts';
import { comparePositions, formatCursor, parseCursor } from './cursor';

/** One pipeline's log: the newest `cap` events and the next sequence number. */
interface Log {
  events: PipelineEventData[];
  nextSeq: number;
}

/** The default number of events each pipeline's log keeps for replay. */
export const DEFAULT_LOG_CAP = 1000;

/**
 * The event bus of a single process without Redis: a capped ring of events
 * per pipeline for replay, and synchronous delivery to listeners as each
 * event is published, so listeners see every pipeline's events in order.
 *
 * Cursors are `<pipelineName>:<seq>` (see cursor.ts), with `seq` counting
 * from 1 per pipeline and target.
 */
export class MemoryEventBus implements EventBus {
  private logs = new Map<string, Log>();
  private listeners = new Set<(event: PipelineEventData) => void>();

  constructor(private readonly cap = DEFAULT_LOG_CAP) {}

  /** How many listeners are registered; tests use it to prove subscribers leave nothing behind. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  async publish(
    target: Target,
    pipelineName: string,
    events: NewPipelineEvent[],
  ): Promise<PipelineEventData[]> {
    const log = this.logOf(target, pipelineName);
    const published = events.map((e): PipelineEventData => {
      const event = { ...e, cursor: formatCursor(pipelineName, log.nextSeq++) };
      log.events.push(event);
      return event;
    });
    if (log.events.length > this.cap) log.events.splice(0, log.events.length - this.cap);
    for (const event of published) {
      // A copy of the set: a listener may unsubscribe (or subscribe) while we deliver.
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (err) {
          console.error('event listener failed', err);
        }
      }
    }
    return published;
  }

  async replay(target: Target, pipelineName: string, afterCursor: string): Promise<PipelineEventData[]> {
    const after = parseCursor(afterCursor);
    const log = this.logs.get(this.keyOf(target, pipelineName));
    if (!after || after.pipelineName !== pipelineName || !log) return [];
    return log.events.filter((e) => {
      const position = parseCursor(e.cursor)?.position ?? '0';
      return comparePositions(position, after.position) > 0;
    });
  }

  onEvent(listener: (event: PipelineEventData) => void): () => void {
    // A wrapper per registration, so the same function registered twice is released twice.
    const registered = (event: PipelineEventData) => listener(event);
    this.listeners.add(registered);
    return () => {
      this.listeners.delete(registered);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private keyOf(target: Target, pipelineName: string): string {
    return `${targetKey(target)}|${pipelineName}`;
  }

  private logOf(target: Target, pipelineName: string): Log {
    const key = this.keyOf(target, pipelineName);
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = { events: [], nextSeq: 1 }));
    return log;
  }
}
