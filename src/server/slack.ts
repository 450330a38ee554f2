import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type ApolloServer } from '@apollo/server';
import { type Redis } from 'ioredis';
import { type Logger } from 'pino';
import { type RunGraph } from '../integrations/slack/graph';
import { type SlackAudit } from '../integrations/slack/slack-log';
import { type SlackSettings, startSlackIntegration } from '../integrations/slack/slack-integration';
import { type Principal } from '../schema/auth/principal';
import { type GatewayContext } from '../schema/context';
import { type LiveEvents } from '../schema/subscriptions/pipeline-event';
import { readBody } from './http';

/** The Slack integration as the HTTP server sees it. */
export interface SlackServing {
  /** Answers the request when it is for one of Slack's request URLs; false otherwise. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

interface SlackWiring {
  settings: SlackSettings;
  events: LiveEvents;
  redis?: Redis;
  redisKeyPrefix: string;
  apollo: ApolloServer<GatewayContext>;
  /** The server's context factory: the one every request's context comes from. */
  makeContext: (principal: Principal) => Promise<GatewayContext>;
  logger: Logger;
  /** Where audit entries go (the audit log's `write`); the logger's `audit` lines when absent. */
  audit?: SlackAudit;
  maxBodyBytes: number;
}

/**
 * Runs operations through Apollo as a principal: the same schema, plugins
 * (limits, error formatting, the response cache keyed by scope) and context
 * factory as an HTTP request, so a click in Slack is authorised and mapped
 * exactly like a call to /graphql.
 */
export function apolloRunner(
  apollo: ApolloServer<GatewayContext>,
  makeContext: (principal: Principal) => Promise<GatewayContext>,
): RunGraph {
  return async (principal, query, variables) => {
    // Scopes as configured: the context narrows them to each target the operation reaches.
    const response = await apollo.executeOperation(
      { query, variables },
      { contextValue: await makeContext(principal) },
    );
    if (response.body.kind !== 'single') {
      return { errors: [{ message: 'Unexpected incremental answer.', extensions: { code: 'INTERNAL' } }] };
    }
    return response.body.singleResult as Awaited<ReturnType<RunGraph>>;
  };
}

/** Audit entries as the logger's `audit` lines, for a gateway that hands no audit log in. */
export function auditToLog(logger: Logger): SlackAudit {
  return (entry) => logger.info(entry, 'audit');
}

function send(res: ServerResponse, status: number, json?: unknown): void {
  if (json === undefined) {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
    return;
  }
  const body = JSON.stringify(json);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Starts the Slack integration and serves its two request URLs. */
export function startSlack(wiring: SlackWiring): SlackServing {
  const log = wiring.logger.child({ component: 'slack' });
  const slack = startSlackIntegration({
    settings: wiring.settings,
    events: wiring.events,
    redis: wiring.redis,
    redisKeyPrefix: wiring.redisKeyPrefix,
    runGraph: apolloRunner(wiring.apollo, wiring.makeContext),
    audit: wiring.audit ?? auditToLog(wiring.logger),
    log,
  });
  const answer = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const rawBody = await readBody(req, wiring.maxBodyBytes);
    if (rawBody === undefined) return send(res, 413, { error: 'Request body too large' });
    const out = await slack.handle({ method: req.method ?? 'GET', path, headers: req.headers, rawBody });
    send(res, out.status, out.json);
  };
  return {
    serve: (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!slack.serves(path)) return false;
      answer(req, res, path).catch((err: unknown) => {
        log.error({ err: (err as Error).message, path }, 'slack request failed');
        if (!res.headersSent) send(res, 500, { error: 'Unexpected error.' });
      });
      return true;
    },
    close: () => slack.close(),
  };
}
