import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type Command, type Reply, type WindowReport } from './protocol';

/**
 * A client process of the subscriptions bench: holds many graphql-ws
 * subscribers (one WebSocket and one `pipelineEvents` subscription each) and
 * records, for every delivery, the receive time minus the event's
 * `detectedAt`. Driven by its parent over IPC (see ./protocol).
 */

const SUBSCRIPTION = `subscription Events($filter: PipelineEventFilter) {
  pipelineEvents(filter: $filter) { cursor kind pipelineName pipelineExecutionId stageName actionName state detectedAt }
}`;
/** Connections opened at once: enough to go fast, few enough not to overflow the server's accept backlog. */
const OPEN_BATCH = 100;

interface Delivery {
  cursor: string;
  detectedMs: number;
  latencyMs: number;
}

interface Subscriber {
  pipeline: string;
  client: Client;
  deliveries: Delivery[];
  /** When its connection was acknowledged: it owes nothing detected before. */
  openedMs: number;
}

const subscribers: Subscriber[] = [];
let errors = 0;
let completed = 0;
const errorSamples: string[] = [];

function send(reply: Reply): void {
  process.send?.(reply);
}

function noteError(err: unknown): void {
  errors += 1;
  if (errorSamples.length < 5) {
    errorSamples.push(err instanceof Error ? err.message : JSON.stringify(err).slice(0, 300));
  }
}

function openOne(url: string, pipeline: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const deliveries: Delivery[] = [];
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => {
          subscriber.openedMs = Date.now();
          resolve(subscriber);
        },
      },
      onNonLazyError: reject,
    });
    const subscriber: Subscriber = { pipeline, client, deliveries, openedMs: Number.POSITIVE_INFINITY };
    client.subscribe<{ pipelineEvents: { cursor: string; detectedAt: string } }>(
      { query: SUBSCRIPTION, variables: { filter: { pipelineNames: [pipeline] } } },
      {
        next: (result) => {
          const received = Date.now();
          const event = result.data?.pipelineEvents;
          if (result.errors) noteError(result.errors);
          if (!event) return;
          const detectedMs = Date.parse(event.detectedAt);
          deliveries.push({ cursor: event.cursor, detectedMs, latencyMs: received - detectedMs });
        },
        error: noteError,
        complete: () => {
          completed += 1;
        },
      },
    );
  });
}

async function open(url: string, from: number, to: number, pipelines: string[]): Promise<void> {
  const wsUrl = url.replace(/^http/, 'ws');
  for (let start = from; start < to; start += OPEN_BATCH) {
    const batch: Promise<Subscriber>[] = [];
    for (let i = start; i < Math.min(to, start + OPEN_BATCH); i += 1) {
      batch.push(openOne(wsUrl, pipelines[i % pipelines.length] ?? ''));
    }
    subscribers.push(...(await Promise.all(batch)));
  }
}

function report(fromMs: number, toMs: number): WindowReport {
  const latenciesMs: number[] = [];
  const pipelines: WindowReport['pipelines'] = {};
  const cursorSets = new Map<string, Set<string>>();
  for (const s of subscribers) {
    // A subscriber opened during the window owes nothing of it.
    if (s.openedMs > fromMs) continue;
    const entry = (pipelines[s.pipeline] ??= { cursors: [], counts: [] });
    let set = cursorSets.get(s.pipeline);
    if (!set) cursorSets.set(s.pipeline, (set = new Set()));
    let count = 0;
    for (const d of s.deliveries) {
      if (d.detectedMs < fromMs || d.detectedMs >= toMs) continue;
      latenciesMs.push(d.latencyMs);
      set.add(d.cursor);
      count += 1;
    }
    entry.counts.push(count);
  }
  for (const [pipeline, set] of cursorSets) (pipelines[pipeline] as { cursors: string[] }).cursors = [...set];
  return { type: 'report', latenciesMs, pipelines, errors, completed, errorSamples };
}

process.on('message', (message: Command) => {
  switch (message.type) {
    case 'open':
      open(message.url, message.from, message.to, message.pipelines).then(
        () => send({ type: 'opened', open: subscribers.length }),
        (err: unknown) => {
          console.error('clients: open failed', err);
          process.exit(1);
        },
      );
      break;
    case 'report':
      send(report(message.fromMs, message.toMs));
      break;
    case 'close':
      Promise.all(subscribers.splice(0).map((s) => s.client.dispose())).then(
        () => send({ type: 'closed' }),
        () => send({ type: 'closed' }),
      );
      break;
  }
});
process.once('disconnect', () => process.exit(0));
