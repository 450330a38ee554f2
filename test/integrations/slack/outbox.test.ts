import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import {
  describeSlackError,
  retryDelayMs,
  silentSlackLogger,
  SlackOutbox,
} from '../../../src/integrations/slack/outbox';
import { type SlackLog } from '../../../src/integrations/slack/slack-log';
import { type SlackStandIn, startSlackStandIn } from '../../support/slack-stand-in';

const OPTIONS = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 60_000 };

function recordingLog(): SlackLog & { lines: [string, string, Record<string, unknown>][] } {
  const lines: [string, string, Record<string, unknown>][] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void lines.push([level, message, fields]);
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

describe('when the outbox tries Slack again', () => {
  it('waits what Retry-After says after a 429, within the ceiling', () => {
    expect(retryDelayMs(new WebAPIRateLimitedError(3), 1, OPTIONS)).toBe(3000);
    expect(retryDelayMs(new WebAPIRateLimitedError(600), 1, OPTIONS)).toBe(60_000);
  });

  it('backs off exponentially when Slack is unreachable, answers 5xx or says it is overloaded', () => {
    const unreachable = new WebAPIRequestError(new Error('ECONNREFUSED'));
    expect([1, 2, 3].map((attempt) => retryDelayMs(unreachable, attempt, OPTIONS))).toEqual([
      500, 1000, 2000,
    ]);
    expect(retryDelayMs(new WebAPIHTTPError(503, 'Service Unavailable', {}), 2, OPTIONS)).toBe(1000);
    expect(retryDelayMs(new WebAPIPlatformError({ ok: false, error: 'internal_error' }), 1, OPTIONS)).toBe(
      500,
    );
  });

  it('does not try again when another attempt would get the same answer', () => {
    expect(
      retryDelayMs(new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }), 1, OPTIONS),
    ).toBeUndefined();
    expect(retryDelayMs(new WebAPIHTTPError(404, 'Not Found', {}), 1, OPTIONS)).toBeUndefined();
    expect(retryDelayMs(new Error('a bug'), 1, OPTIONS)).toBeUndefined();
  });

  it('describes a failure without the token or the message', () => {
    expect(describeSlackError(new WebAPIPlatformError({ ok: false, error: 'not_in_channel' }))).toBe(
      'slack error not_in_channel',
    );
    expect(describeSlackError(new WebAPIHTTPError(502, 'Bad Gateway', {}))).toBe('HTTP 502');
  });
});

describe('the outbox against a stand-in Slack', () => {
  let slack: SlackStandIn;

  beforeAll(async () => {
    slack = await startSlackStandIn();
  });

  afterAll(async () => {
    await slack.close();
  });

  it('gives up at once on an error Slack will repeat, logs it, and resolves undefined', async () => {
    const log = recordingLog();
    const outbox = new SlackOutbox(
      new WebClient('xoxb-wrong', {
        slackApiUrl: slack.apiUrl,
        retryConfig: { retries: 0 },
        logger: silentSlackLogger,
      }),
      log,
    );
    const result = await outbox.enqueue('C0X', 'chat.postMessage', (c) =>
      c.chat.postMessage({ channel: 'C0X', text: 'x' }),
    );
    expect(result).toBeUndefined();
    expect(log.lines).toEqual([
      [
        'error',
        'slack call failed, giving up',
        { channel: 'C0X', call: 'chat.postMessage', attempts: 1, reason: 'slack error invalid_auth' },
      ],
    ]);
    await outbox.close();
  });

  it('runs the calls of one channel in order', async () => {
    const outbox = new SlackOutbox(
      new WebClient(slack.token, {
        slackApiUrl: slack.apiUrl,
        retryConfig: { retries: 0 },
        logger: silentSlackLogger,
      }),
      recordingLog(),
    );
    const texts = ['one', 'two', 'three'];
    await Promise.all(
      texts.map((text) =>
        outbox.enqueue('C0ORDER', 'chat.postMessage', (c) =>
          c.chat.postMessage({ channel: 'C0ORDER', text }),
        ),
      ),
    );
    expect(
      slack
        .answered('chat.postMessage')
        .filter((c) => c.args.channel === 'C0ORDER')
        .map((c) => c.args.text),
    ).toEqual(texts);
    await outbox.close();
  });

  it('retries when Slack is unreachable, with backoff, then gives up and logs it', async () => {
    const down = await startSlackStandIn();
    const apiUrl = down.apiUrl;
    await down.close();
    const log = recordingLog();
    const outbox = new SlackOutbox(
      new WebClient(slack.token, {
        slackApiUrl: apiUrl,
        retryConfig: { retries: 0 },
        logger: silentSlackLogger,
      }),
      log,
      { maxAttempts: 3, baseDelayMs: 100 },
    );
    const started = Date.now();
    const result = await outbox.enqueue('C0DOWN', 'chat.update', (c) =>
      c.chat.update({ channel: 'C0DOWN', ts: '1.2', text: 'x' }),
    );
    expect(result).toBeUndefined();
    // 100 ms, then 200 ms, between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(
      log.lines.map(([level, , fields]) => [level, fields.retryInMs ?? fields.attempts, fields.reason]),
    ).toEqual([
      ['warn', 100, 'Slack unreachable'],
      ['warn', 200, 'Slack unreachable'],
      ['error', 3, 'Slack unreachable'],
    ]);
    await outbox.close();
  });
});
