import { type FaultConfig } from '../core/faults';
import { type EventBridgeEvent } from './envelope';

/** Where the emulator sends its EventBridge events, and how hard it tries. */
export interface EmulatorEventsOptions {
  /** The receiver's URL (`EMULATOR_EVENTS_URL`), e.g. the gateway's `http://127.0.0.1:4000/events`. */
  url: string;
  /** Sent as `x-api-key`, as an API destination's API-key connection does (`EMULATOR_EVENTS_API_KEY`). */
  apiKey?: string;
  /**
   * Retries of a failed delivery, with exponential backoff and full jitter as
   * EventBridge does (24 h and 185 attempts there; small and bounded here so
   * tests end). Defaults: 8 attempts, 100 ms base, 5 s cap.
   */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Per-request timeout; API destinations give an endpoint 5 s. */
  timeoutMs?: number;
}

/** Delivery counters, served under `events` by `GET /_emulator/stats`. */
export interface DeliveryStats {
  /** Events the engine's state changes produced. */
  published: number;
  /** HTTP POSTs made, first attempts and retries alike. */
  sent: number;
  /** Events the receiver accepted (2xx). */
  delivered: number;
  /** Events dropped by the `eventLossRate` fault. */
  lost: number;
  /** Events sent a second time by the `eventDuplicateRate` fault. */
  duplicated: number;
  /** Retry attempts scheduled after a failed delivery. */
  retried: number;
  /** Events given up: retries exhausted, or an answer EventBridge does not retry (e.g. 400, 413). */
  failed: number;
  /** Events waiting to be sent or retried. */
  pending: number;
}

interface Delivery {
  event: EventBridgeEvent;
  attempts: number;
}

/** EventBridge retries API destination answers 401, 407, 409, 429 and 5xx, and connection errors; not other 4xx. */
function retryable(status: number): boolean {
  return status === 401 || status === 407 || status === 409 || status === 429 || status >= 500;
}

/**
 * Sends events to one receiver without ever blocking the caller: `publish`
 * only queues. One POST is in flight at a time, so events leave in the order
 * they were made unless the `eventReorder` fault (or a retry) changes it.
 * Faults (loss, duplicates, delay, reordering) are read at publish time.
 */
export class EventDelivery {
  private readonly counters: Omit<DeliveryStats, 'pending'> = {
    published: 0,
    sent: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    retried: 0,
    failed: 0,
  };
  private queue: Delivery[] = [];
  private reorderBuffer: Delivery[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private scheduled = 0;
  private sending = false;
  private closed = false;
  private readonly controller = new AbortController();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly options: EmulatorEventsOptions,
    private readonly faults: () => FaultConfig,
    private readonly random: () => number = Math.random,
  ) {}

  /** Queues one event, applying the event faults; returns at once. */
  publish(event: EventBridgeEvent): void {
    if (this.closed) return;
    this.counters.published++;
    const f = this.faults();
    if (f.eventLossRate > 0 && this.random() < f.eventLossRate) {
      this.counters.lost++;
      return;
    }
    const copies = f.eventDuplicateRate > 0 && this.random() < f.eventDuplicateRate ? 2 : 1;
    if (copies === 2) this.counters.duplicated++;
    for (let i = 0; i < copies; i++) this.later(f.eventDelayMs, () => this.enqueue({ event, attempts: 0 }));
  }

  /** Counters so far. */
  stats(): DeliveryStats {
    return { ...this.counters, pending: this.pendingCount() };
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry: for tests. */
  idle(): Promise<void> {
    if (this.pendingCount() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops sending: drops what is queued and aborts the request in flight. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue = [];
    this.reorderBuffer = [];
    this.scheduled = 0;
    this.controller.abort();
    this.notifyIdle();
  }

  private pendingCount(): number {
    return this.queue.length + this.reorderBuffer.length + this.scheduled + (this.sending ? 1 : 0);
  }

  private later(ms: number, work: () => void): void {
    if (ms <= 0) return work();
    this.scheduled++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.scheduled--;
      work();
    }, ms);
    this.timers.add(timer);
  }

  private enqueue(delivery: Delivery): void {
    if (this.closed) return;
    if (!this.faults().eventReorder) {
      this.queue.push(delivery);
      return this.pump();
    }
    // Reordering: hold a short batch, then send it newest first.
    this.reorderBuffer.push(delivery);
    if (this.reorderBuffer.length > 1) return;
    this.later(50, () => {
      const batch = this.reorderBuffer.splice(0).reverse();
      this.queue.push(...batch);
      this.pump();
    });
  }

  private pump(): void {
    if (this.sending || this.closed) return;
    const next = this.queue.shift();
    if (!next) return this.notifyIdle();
    this.sending = true;
    void this.send(next).finally(() => {
      this.sending = false;
      this.pump();
    });
  }

  private async send(delivery: Delivery): Promise<void> {
    delivery.attempts++;
    this.counters.sent++;
    let status = 0;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.options.apiKey !== undefined) headers['x-api-key'] = this.options.apiKey;
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(delivery.event),
        signal: AbortSignal.any([
          this.controller.signal,
          AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        ]),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0; // connection refused, reset or timed out: retried like a 5xx
    }
    if (status >= 200 && status < 300) {
      this.counters.delivered++;
      return;
    }
    if (this.closed) return;
    const max = this.options.retry?.maxAttempts ?? 8;
    if ((status !== 0 && !retryable(status)) || delivery.attempts >= max) {
      this.counters.failed++;
      return;
    }
    this.counters.retried++;
    const base = this.options.retry?.baseDelayMs ?? 100;
    const cap = this.options.retry?.maxDelayMs ?? 5_000;
    const backoff = Math.min(cap, base * 2 ** (delivery.attempts - 1));
    this.later(backoff / 2 + this.random() * (backoff / 2), () => this.enqueue(delivery));
  }

  private notifyIdle(): void {
    if (this.pendingCount() > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
