import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Registry } from 'prom-client';
import { type Live } from '../live';
import { EVENTS_PATH, eventsRoute } from './events-route';
import { type EventsConfig } from './events-config';
import { EventsMetrics } from './events-metrics';

/** The live side of one target, or of every target joined (targets-live.ts). */
type AnyLive = Live & { each?: readonly { live: Live }[] };

/** `POST /events` mounted on the gateway's server. */
export interface EventsEndpoint {
  /** Serves `POST /events`; false for any other path. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  readonly metrics: EventsMetrics;
}

/**
 * Builds the endpoint when `EVENTS_API_KEY` is set (absent, `/events` stays
 * a 404): every target's push side behind one route, and its counters on
 * `/metrics`.
 */
export function eventsEndpoint(
  config: EventsConfig,
  live: AnyLive,
  registry: Registry,
  onError: (err: unknown) => void,
): EventsEndpoint | undefined {
  if (config.apiKey === undefined) return undefined;
  const lives = live.each ? live.each.map((part) => part.live) : [live];
  const metrics = new EventsMetrics(registry);
  metrics.watch(lives.flatMap((each) => (each.push ? [each.push] : [])));
  const route = eventsRoute({
    apiKey: config.apiKey,
    sides: lives.flatMap((each) => (each.push ? [each.push.side] : [])),
    metrics,
    onError,
  });
  return {
    metrics,
    serve: (req, res) => {
      if ((req.url ?? '/').split('?')[0] !== EVENTS_PATH) return false;
      route(req, res);
      return true;
    },
  };
}
