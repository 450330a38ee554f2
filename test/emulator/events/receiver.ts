import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/** What an EventBridge event looks like on the wire, loosely typed for assertions. */
export interface ReceivedEvent {
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  region: string;
  time: string;
  version: string;
  resources: string[];
  detail: Record<string, unknown> & { state: string; pipeline: string; stage?: string; action?: string };
}

/** A local HTTP endpoint standing in for an API destination's target, as the gateway's `POST /events` is. */
export interface EventReceiver {
  url: string;
  events: ReceivedEvent[];
  headers: IncomingHttpHeaders[];
  /** Answers the next requests with these statuses (then 200); `hang` never answers. */
  answerWith(...statuses: (number | 'hang')[]): void;
  /** Resolves once at least `n` events were accepted, or rejects after `ms`. */
  waitFor(n: number, ms?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

/** Starts a receiver on port 0 that records every accepted event with its headers. */
export async function startReceiver(): Promise<EventReceiver> {
  const events: ReceivedEvent[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const script: (number | 'hang')[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = script.shift() ?? 200;
      if (answer === 'hang') return;
      if (answer >= 200 && answer < 300) {
        events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedEvent);
        headers.push(req.headers);
      }
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    events,
    headers,
    answerWith: (...statuses) => script.push(...statuses),
    waitFor: async (n, ms = 5_000) => {
      const deadline = Date.now() + ms;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} events, got ${events.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
