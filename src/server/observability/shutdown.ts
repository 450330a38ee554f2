import { type Logger } from 'pino';

/** What shutdown needs of the gateway. */
export interface Closable {
  close(): Promise<void>;
}

/** Options of {@link handleShutdownSignals}; `exit` and `on` are injectable for tests. */
export interface ShutdownOptions {
  logger: Logger;
  /** The whole drain's bound: past it the process exits 1 whatever is still open. */
  timeoutMs: number;
  exit?: (code: number) => void;
  on?: (signal: NodeJS.Signals, listener: () => void) => void;
}

/**
 * Graceful shutdown on SIGTERM and SIGINT: the first signal drains the
 * gateway (`close()`: stop accepting, finish in-flight requests, close
 * WebSockets with 1001, stop the poller and release its lease, close Redis)
 * and exits 0. A second signal, or a drain that outlives `timeoutMs`, exits
 * 1 at once: an operator or the orchestrator asking again must always win.
 */
export function handleShutdownSignals(gateway: Closable, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const on = options.on ?? ((signal, listener) => process.on(signal, listener));
  const { logger } = options;
  let draining = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (draining) {
      logger.warn({ signal }, 'second signal during drain: exiting now');
      exit(1);
      return;
    }
    draining = true;
    logger.info({ signal, timeoutMs: options.timeoutMs }, 'signal received: draining');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: options.timeoutMs }, 'drain timed out: exiting now');
      exit(1);
    }, options.timeoutMs);
    gateway.close().then(
      () => {
        clearTimeout(timer);
        logger.info('drained: exiting');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        exit(1);
      },
    );
  };
  on('SIGTERM', () => shutdown('SIGTERM'));
  on('SIGINT', () => shutdown('SIGINT'));
}
