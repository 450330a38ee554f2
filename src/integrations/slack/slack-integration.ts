import { WebClient } from '@slack/web-api';
import { type Redis } from 'ioredis';
import { type LiveEvents } from '../../schema/subscriptions/pipeline-event';
import { ApprovalMessages } from './approval-messages';
import { MemorySlackClaims, RedisSlackClaims } from './claims';
import { SlackCommands } from './commands';
import { ExecutionMessages } from './execution-messages';
import { type RunGraph } from './graph';
import {
  SLACK_COMMANDS_PATH,
  SLACK_INTERACTIONS_PATH,
  type SlackHttpAnswer,
  type SlackHttpRequest,
  slackHttpEndpoint,
} from './http-endpoint';
import { SlackInteractions } from './interactions';
import { SlackNotifier } from './notifier';
import { type OutboxOptions, silentSlackLogger, SlackOutbox } from './outbox';
import { type SlackRules } from './rules';
import { type SlackAudit, type SlackLog } from './slack-log';

/** Slack's own Web API: the default of SLACK_API_URL. */
export const SLACK_API_URL = 'https://slack.com/api/';

/** The integration's settings, parsed at start-up (SLACK_* variables). */
export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** The Web API's base URL; tests point it at a stand-in. */
  apiUrl: string;
  rules: SlackRules;
}

/** What the composition root hands in. */
export interface SlackIntegrationDeps {
  settings: SlackSettings;
  events: LiveEvents;
  /** Shared Redis, so replicas post each message once; absent: claims are kept in this process. */
  redis?: Redis;
  redisKeyPrefix: string;
  runGraph: RunGraph;
  audit: SlackAudit;
  log: SlackLog;
  outbox?: OutboxOptions;
}

/** A running Slack integration. */
export interface SlackIntegration {
  /** True for the paths the integration answers. */
  serves(path: string): boolean;
  /** Answers a request to one of those paths. */
  handle(req: SlackHttpRequest): Promise<SlackHttpAnswer>;
  /** Stops listening and waits for Slack work in progress (bounded by the outbox's retries). */
  close(): Promise<void>;
}

/**
 * Builds the integration: a Web API client, the per-channel outbox, the
 * shared claims, the notifier on the live events and the two request URLs.
 */
export function startSlackIntegration(deps: SlackIntegrationDeps): SlackIntegration {
  const { settings, log } = deps;
  // No retries inside the client: the outbox retries per channel (see outbox.ts).
  const client = new WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: silentSlackLogger,
  });
  const outbox = new SlackOutbox(client, log, deps.outbox);
  const claims = deps.redis
    ? new RedisSlackClaims(deps.redis, `${deps.redisKeyPrefix}slack:`)
    : new MemorySlackClaims();
  const approvals = new ApprovalMessages({ outbox, claims, runGraph: deps.runGraph, log });
  const executions = new ExecutionMessages({ outbox, claims, runGraph: deps.runGraph, log });
  const notifier = new SlackNotifier({
    events: deps.events,
    channels: settings.rules.channels,
    approvals,
    executions,
    log,
  });
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    const tracked = work.catch((err: unknown) =>
      log.error({ err: (err as Error).message }, 'slack interaction failed'),
    );
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };
  const handle = slackHttpEndpoint({
    signingSecret: settings.signingSecret,
    interactions: new SlackInteractions({
      approvers: settings.rules.approvers,
      approvals,
      claims,
      outbox,
      runGraph: deps.runGraph,
      audit: deps.audit,
      log,
    }),
    commands: new SlackCommands({
      approvers: settings.rules.approvers,
      runGraph: deps.runGraph,
    }),
    log,
    track,
  });
  notifier.start();
  return {
    serves: (path) => path === SLACK_INTERACTIONS_PATH || path === SLACK_COMMANDS_PATH,
    handle,
    close: async () => {
      // The outbox first: work waiting to retry gives up instead of holding shutdown.
      await Promise.all([outbox.close(), notifier.close(), ...inFlight]);
    },
  };
}
