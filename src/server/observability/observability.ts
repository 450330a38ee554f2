import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Redis } from 'ioredis';
import { type Logger } from 'pino';
import { HealthChecks, type HealthOptions } from './health';
import { Lifecycle } from './lifecycle';
import { GatewayMetrics } from './metrics';
import { RequestLog } from './request-log';

/** What {@link createObservability} needs from the composition root. */
export interface ObservabilityDeps {
  logger: Logger;
  /** One cheap call to the upstream, through its budget: readiness asks it for one pipeline. */
  probe(signal: AbortSignal): Promise<void>;
  /** The shared Redis, when configured: readiness pings it. */
  redis?: Redis;
  /** The targets' checks: readiness reports each target and its cause when out. */
  targets?: HealthOptions['targets'];
}

/** Logs, metrics, health and lifecycle of one gateway, wired into its HTTP server by a few calls. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly lifecycle: Lifecycle;
  readonly health: HealthChecks;
  readonly requests: RequestLog;
  /** Answers `/healthz`, `/readyz` and `/metrics`; false for any other path. Call after `requests.begin`. */
  serveOperations(req: IncomingMessage, res: ServerResponse): boolean;
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Builds the observability side of a gateway. The operational routes are
 * served before GraphQL (and before any authentication), because probes and
 * scrapers carry no credentials; they reveal no data, only health and counts.
 */
export function createObservability(deps: ObservabilityDeps): Observability {
  const metrics = new GatewayMetrics();
  const lifecycle = new Lifecycle();
  const health = new HealthChecks({
    probe: deps.probe,
    redis: deps.redis,
    lifecycle,
    targets: deps.targets,
  });
  const requests = new RequestLog(deps.logger, metrics);
  lifecycle.onChange((state) => deps.logger.info({ lifecycle: state }, `gateway ${state}`));
  const serveOperations = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/healthz':
        // Alive while the process answers, draining included: restarting a draining pod would cut its work.
        sendJson(res, 200, { status: 'ok', lifecycle: lifecycle.state });
        return true;
      case '/readyz':
        health.readiness().then(
          ({ httpStatus, body }) => sendJson(res, httpStatus, body),
          (err: unknown) => {
            requests.loggerFor(req).error({ err: String(err) }, 'readiness check failed');
            sendJson(res, 503, { status: 'unready', lifecycle: lifecycle.state, checks: {} });
          },
        );
        return true;
      case '/metrics':
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { allow: 'GET, HEAD' }).end();
          return true;
        }
        metrics.render().then(
          ({ contentType, body }) => {
            res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
            res.end(req.method === 'HEAD' ? undefined : body);
          },
          (err: unknown) => {
            requests.loggerFor(req).error({ err: String(err) }, 'metrics collection failed');
            res.writeHead(500).end();
          },
        );
        return true;
      default:
        return false;
    }
  };
  return { logger: deps.logger, metrics, lifecycle, health, requests, serveOperations };
}
