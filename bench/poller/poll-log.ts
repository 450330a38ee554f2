import { type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * The polls an in-process emulator sees: the time of every GetPipelineState
 * call (the first read of each poll), by pipeline name, read from the
 * request body as it arrives.
 */
export class PollLog {
  private times = new Map<string, number[]>();

  constructor(server: Server) {
    server.on('request', (req) => {
      if (!String(req.headers['x-amz-target'] ?? '').endsWith('.GetPipelineState')) return;
      const at = performance.now();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const { name } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name?: string };
          if (name) this.times.set(name, [...(this.times.get(name) ?? []), at]);
        } catch {
          // Not JSON: not a poll this bench counts.
        }
      });
    });
  }

  reset(): void {
    this.times.clear();
  }

  count(): number {
    let n = 0;
    for (const t of this.times.values()) n += t.length;
    return n;
  }

  polled(name: string): boolean {
    return (this.times.get(name)?.length ?? 0) > 0;
  }

  /** The longest stretch of [from, to] without a poll of `name`: the window's length when it was never polled. */
  longestGap(name: string, from: number, to: number): number {
    let gap = 0;
    let previous = from;
    for (const t of [...(this.times.get(name) ?? []), to]) {
      gap = Math.max(gap, t - previous);
      previous = t;
    }
    return gap;
  }
}
