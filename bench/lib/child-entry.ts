import { type ReadyMessage } from './child';

/** A server a child process runs: where it listens and how it stops. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Runs in a forked child: starts the server, tells the parent its URL, stops cleanly on SIGTERM. */
export function serveAsChild(start: () => Promise<Served>): void {
  start().then(
    (served) => {
      const ready: ReadyMessage = { type: 'ready', url: served.url };
      process.send?.(ready);
      process.once('SIGTERM', () => {
        served.close().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error('close failed', err);
            process.exit(1);
          },
        );
      });
      // Leave with the parent, even when it dies without a signal.
      process.once('disconnect', () => process.exit(0));
    },
    (err: unknown) => {
      console.error('server failed to start', err);
      process.exit(1);
    },
  );
}
