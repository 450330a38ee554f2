import { ErrorCode, type Logger, LogLevel, type WebClient } from '@slack/web-api';
import { type SlackLog } from './slack-log';

/**
 * Calls to Slack, queued per channel and retried: a channel that Slack rate
 * limits (or a Slack that is down) waits on its own, while other channels,
 * and the event path that feeds them, go on. Slack limits chat.postMessage
 * per channel, so a queue per channel is also what keeps us under it.
 *
 * The WebClient is built with `rejectRateLimitedCalls` and no retries of its
 * own: its built-in handling pauses its one request queue on a 429, which
 * would hold every channel behind one.
 */

/**
 * The WebClient's own logger, silenced: it would print to the console, and
 * the outbox already logs every failure (through the gateway's logger) with
 * what it did about it.
 */
export const silentSlackLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** How hard to try. */
export interface OutboxOptions {
  /** Attempts per call before giving up (and logging it). Default 5. */
  maxAttempts?: number;
  /** First backoff after a failure that named no delay; doubled each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Ceiling on one wait, Retry-After included. Default 60 s. */
  maxDelayMs?: number;
}

/** Slack's platform errors that are worth another try. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** How long to wait before the next attempt, or undefined when another attempt would not help. */
export function retryDelayMs(
  err: unknown,
  attempt: number,
  options: Required<OutboxOptions>,
): number | undefined {
  const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case ErrorCode.RateLimitedError:
      return Math.min(options.maxDelayMs, (err as { retryAfter: number }).retryAfter * 1000);
    case ErrorCode.RequestError:
      return backoff;
    case ErrorCode.HTTPError:
      return (err as { statusCode: number }).statusCode >= 500 ? backoff : undefined;
    case ErrorCode.PlatformError:
      return TRANSIENT_PLATFORM_ERRORS.has((err as { data: { error: string } }).data.error)
        ? backoff
        : undefined;
    default:
      return undefined;
  }
}

/** A short, log-safe description of a failed call (never the token or the message body). */
export function describeSlackError(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number };
  if (e.code === ErrorCode.PlatformError) return `slack error ${e.data?.error ?? 'unknown'}`;
  if (e.code === ErrorCode.HTTPError) return `HTTP ${e.statusCode ?? '?'}`;
  if (e.code === ErrorCode.RateLimitedError) return `rate limited, retry after ${e.retryAfter ?? '?'} s`;
  if (e.code === ErrorCode.RequestError) return 'Slack unreachable';
  return err instanceof Error ? err.message : String(err);
}

/** The per-channel queues. */
export class SlackOutbox {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly options: Required<OutboxOptions>;
  private closing = false;
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  constructor(
    readonly client: WebClient,
    private readonly log: SlackLog,
    options: OutboxOptions = {},
  ) {
    this.options = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 60_000, ...options };
  }

  /**
   * Runs `call` after the channel's earlier calls, retrying as Slack asks.
   * Resolves with its result, or undefined once it gave up (logged). Never rejects.
   */
  enqueue<T>(channel: string, what: string, call: (client: WebClient) => Promise<T>): Promise<T | undefined> {
    const previous = this.tails.get(channel) ?? Promise.resolve();
    const run = previous.then(() => this.attempt(channel, what, call));
    this.tails.set(channel, run);
    // Forget an idle channel once its last call settles.
    void run.finally(() => {
      if (this.tails.get(channel) === run) this.tails.delete(channel);
    });
    return run;
  }

  /** True once closing: callers stop waiting for Slack work that will not come. */
  get closed(): boolean {
    return this.closing;
  }

  /** Waits for queued calls, giving up the ones still waiting to retry. */
  async close(): Promise<void> {
    this.closing = true;
    this.timers.forEach(({ timer, wake }) => {
      clearTimeout(timer);
      wake();
    });
    await Promise.all([...this.tails.values()]);
  }

  private async attempt<T>(
    channel: string,
    what: string,
    call: (client: WebClient) => Promise<T>,
  ): Promise<T | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call(this.client);
      } catch (err) {
        const delay = retryDelayMs(err, attempt, this.options);
        const reason = describeSlackError(err);
        if (delay === undefined || attempt >= this.options.maxAttempts || this.closing) {
          this.log.error({ channel, call: what, attempts: attempt, reason }, 'slack call failed, giving up');
          return undefined;
        }
        this.log.warn(
          { channel, call: what, attempt, retryInMs: delay, reason },
          'slack call failed, retrying',
        );
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        wake: resolve,
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
      };
      this.timers.add(entry);
    });
  }
}
