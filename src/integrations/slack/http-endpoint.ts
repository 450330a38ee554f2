import { type SlackCommands, type SlashReply } from './commands';
import { readClick } from './click';
import { type SlackInteractions } from './interactions';
import { verifySlackSignature } from './signature';
import { type SlackLog } from './slack-log';

/** Where Slack posts button clicks (the app's Interactivity request URL). */
export const SLACK_INTERACTIONS_PATH = '/integrations/slack/interactions';
/** Where Slack posts `/pipelines` (the slash command's request URL). */
export const SLACK_COMMANDS_PATH = '/integrations/slack/commands';

/** A request as the endpoint needs it: the raw body, because the signature covers its exact bytes. */
export interface SlackHttpRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: string;
}

/** The answer: a status and, when there is one, a JSON body. */
export interface SlackHttpAnswer {
  status: number;
  json?: SlashReply | { error: string };
}

interface Deps {
  signingSecret: string;
  interactions: SlackInteractions;
  commands: SlackCommands;
  log: SlackLog;
  /** Work started by a click, so shutdown can wait for it. */
  track(work: Promise<void>): void;
}

function header(headers: SlackHttpRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Slack's two request URLs. Both check the signature first: a request that
 * fails it (or is more than five minutes old) gets 401 and is logged, and
 * nothing else happens. A click is acknowledged at once, as Slack wants an
 * answer within three seconds, and decided in the background; a command is
 * answered in the response.
 */
export function slackHttpEndpoint(deps: Deps): (req: SlackHttpRequest) => Promise<SlackHttpAnswer> {
  return async (req) => {
    if (req.method !== 'POST') return { status: 405, json: { error: 'Slack posts here; use POST.' } };
    const check = verifySlackSignature(
      deps.signingSecret,
      {
        timestamp: header(req.headers, 'x-slack-request-timestamp'),
        signature: header(req.headers, 'x-slack-signature'),
      },
      req.rawBody,
    );
    if (!check.ok) {
      deps.log.warn({ path: req.path, reason: check.reason }, 'slack request refused');
      return { status: 401, json: { error: 'The request is not signed by Slack, or is too old.' } };
    }
    const form = new URLSearchParams(req.rawBody);
    if (req.path === SLACK_COMMANDS_PATH) return { status: 200, json: await deps.commands.run(form) };
    let payload: unknown;
    try {
      payload = JSON.parse(form.get('payload') ?? '');
    } catch {
      return { status: 400, json: { error: 'The form has no JSON `payload`.' } };
    }
    const click = readClick(payload);
    if (!click) {
      deps.log.info({ type: (payload as { type?: unknown } | null)?.type }, 'slack interaction ignored');
      return { status: 200 };
    }
    deps.track(deps.interactions.click(click));
    return { status: 200 };
  };
}
