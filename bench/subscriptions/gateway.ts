import { parseConfig } from '../../src/server/config';
import { startGateway } from '../../src/server/gateway';

/**
 * The gateway of the subscriptions bench, in a process of its own: exactly
 * what `npm start` builds (`startGateway(parseConfig(process.env))`), plus an
 * IPC probe the bench asks for memory figures (after a full GC when the
 * process runs with `--expose-gc`) and the number of open WebSockets.
 */

export interface MemoryProbe {
  type: 'memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  sockets: number;
}

startGateway(parseConfig(process.env)).then(
  (gateway) => {
    process.send?.({ type: 'ready', url: gateway.url });
    process.on('message', (message: { type: string }) => {
      if (message.type !== 'memory') return;
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const m = process.memoryUsage();
      const probe: MemoryProbe = {
        type: 'memory',
        rss: m.rss,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        sockets: gateway.ws.connections,
      };
      process.send?.(probe);
    });
    const stop = (): void => {
      gateway.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('disconnect', stop);
  },
  (err: unknown) => {
    console.error('gateway failed to start', err);
    process.exit(1);
  },
);
