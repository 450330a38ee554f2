import { type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Watches the upstream calls reaching an in-process emulator (arrival and
 * answer times) and derives the round-trip depth actually observed: the
 * longest chain of calls where each one started only after the previous one
 * was answered. With enough latency per call, that is the number of
 * sequential upstream round trips a query costs.
 */
export class CallChain {
  private calls: [start: number, end: number][] = [];

  constructor(server: Server) {
    server.on('request', (req, res) => {
      if (req.headers['x-amz-target'] === undefined) return; // admin routes
      const start = performance.now();
      res.once('finish', () => this.calls.push([start, performance.now()]));
    });
  }

  reset(): void {
    this.calls = [];
  }

  /** The longest chain of calls, each started after the previous one ended. */
  depth(): number {
    const calls = [...this.calls].sort((a, b) => a[0] - b[0]);
    const chain = calls.map(() => 1);
    for (let j = 0; j < calls.length; j += 1) {
      for (let k = 0; k < j; k += 1) {
        if ((calls[k]?.[1] ?? Infinity) <= (calls[j]?.[0] ?? 0)) {
          chain[j] = Math.max(chain[j] ?? 1, (chain[k] ?? 1) + 1);
        }
      }
    }
    return Math.max(0, ...chain);
  }
}
