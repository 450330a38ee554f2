import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Target, targetKey } from '../../aws/target';
import { type PushedTransition, readEvents } from '../../subscriptions/push/eventbridge-event';
import { type PushSide } from '../../subscriptions/push/push-side';
import { readBody } from '../http';
import { jsonTooDeep } from '../json-depth';
import { keyMatches } from './api-key';
import { type EventsMetrics } from './events-metrics';

/** EventBridge's own cap on an event; a larger body is no event of CodePipeline's. */
export const MAX_EVENTS_BODY_BYTES = 256 * 1024;

/** The path EventBridge's API destination POSTs to. */
export const EVENTS_PATH = '/events';

/** What the route needs: the key, and each target's push side. */
export interface EventsRouteDeps {
  apiKey: string;
  /** The push side of each target the gateway serves (the target directory's accounts and regions). */
  sides: readonly PushSide[];
  metrics: EventsMetrics;
  onError: (err: unknown) => void;
}

/** The reason codes of refusals, as the body names them. */
type Refusal = 'METHOD_NOT_ALLOWED' | 'UNAUTHENTICATED' | 'PAYLOAD_TOO_LARGE' | 'BAD_REQUEST' | 'UNAVAILABLE';

function send(res: ServerResponse, status: number, payload: unknown, metrics: EventsMetrics): void {
  metrics.request(status);
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function refuse(res: ServerResponse, status: number, code: Refusal, message: string, m: EventsMetrics): void {
  send(res, status, { error: { code, message } }, m);
}

/**
 * `POST /events`, as an EventBridge API destination calls it: `x-api-key`
 * checked in constant time (401), at most 256 KB (413), one CodePipeline
 * event or a JSON array of them (400 otherwise). Events of an account and
 * region no target has are ignored and counted. The rest are stored durably
 * by their target's push side before the 200; a failure to store answers
 * 503, which EventBridge retries.
 */
export function eventsRoute(deps: EventsRouteDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const byTarget = new Map(deps.sides.map((side) => [targetKey(side.target), side]));
  const { metrics } = deps;
  return (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      deps.onError(err);
      if (!res.headersSent) refuse(res, 503, 'UNAVAILABLE', 'Events could not be stored; retry.', metrics);
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'POST events here.', metrics);
    }
    if (!keyMatches(req.headers['x-api-key'], deps.apiKey)) {
      req.resume();
      return refuse(res, 401, 'UNAUTHENTICATED', 'A valid x-api-key header is required.', metrics);
    }
    const raw = await readBody(req, MAX_EVENTS_BODY_BYTES);
    if (raw === undefined) {
      return refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'Events are at most 256 KB.', metrics);
    }
    let body: unknown;
    try {
      if (jsonTooDeep(raw)) throw new Error('too deep');
      body = JSON.parse(raw);
    } catch {
      return refuse(res, 400, 'BAD_REQUEST', 'The body is not JSON.', metrics);
    }
    const read = readEvents(body);
    if (!read.ok)
      return refuse(res, 400, 'BAD_REQUEST', `Not a CodePipeline event: ${read.reason}.`, metrics);
    const groups = new Map<PushSide, PushedTransition[]>();
    let ignored = 0;
    for (const t of read.transitions) {
      const target: Target = { accountId: t.accountId, region: t.region };
      const side = byTarget.get(targetKey(target));
      if (!side) {
        ignored++;
        continue;
      }
      const group = groups.get(side) ?? [];
      group.push(t);
      groups.set(side, group);
    }
    metrics.ignored(ignored);
    await Promise.all([...groups].map(([side, transitions]) => side.receive(transitions)));
    const accepted = read.transitions.length - ignored;
    metrics.accepted(accepted);
    send(res, 200, { accepted, ignored }, metrics);
  }
}
