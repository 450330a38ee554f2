import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { WebClient } from '@slack/web-api';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { silentSlackLogger, SlackOutbox } from '../../../src/integrations/slack/outbox';
import { type SlackLog } from '../../../src/integrations/slack/slack-log';
import { approvalPipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { type SlackCall, type SlackStandIn, startSlackStandIn } from '../../support/slack-stand-in';
import { sleep, type SlackGateway, startSlackGateway, until, writeRules } from './harness';

/**
 * Slack rate-limits one channel: that channel's message is retried after the
 * Retry-After Slack gave, while the other channel's message and the
 * subscribers of the same events are not held up. One replica without Redis,
 * so the claims are the in-process ones.
 */

jest.setTimeout(60_000);

const RULES = `
channels:
  - channel: C0SLOW
    pipelines: ["rl-slow"]
    events: [APPROVAL_NEEDED]
  - channel: C0FAST
    pipelines: ["rl-fast"]
    events: [APPROVAL_NEEDED]
`;

const SUBSCRIPTION = `subscription Approvals($filter: PipelineEventFilter) {
  pipelineEvents(filter: $filter) { pipelineName kind }
}`;

let emu: TestEmulator;
let slack: SlackStandIn;
let gateway: SlackGateway;
let ws: Client;

/** A log that keeps what it is told. */
function recordingLog(): SlackLog & {
  lines: { level: string; fields: Record<string, unknown>; message: string }[];
} {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void lines.push({ level, fields, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

beforeAll(async () => {
  emu = await startTestEmulator();
  slack = await startSlackStandIn();
  for (const name of ['rl-slow', 'rl-fast']) {
    await emu.client.send(new CreatePipelineCommand({ pipeline: approvalPipeline(name) }));
  }
  emu.advance(60_000);
  for (const name of ['rl-slow', 'rl-fast']) {
    const runs = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    const pipelineExecutionId = runs.pipelineExecutionSummaries?.[0]?.pipelineExecutionId;
    await emu.client.send(
      new StopPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId, abandon: true }),
    );
  }
  emu.advance(60_000);
  gateway = await startSlackGateway({ emulatorUrl: emu.url, slack, rulesFile: writeRules(RULES) });
});

afterAll(async () => {
  await ws?.dispose();
  await gateway?.close();
  await slack?.close();
  await emu?.close();
});

describe('Slack rate limiting', () => {
  it('retries a rate-limited channel after Retry-After while other channels and subscribers go on', async () => {
    const heard: { pipelineName: string; at: number }[] = [];
    ws = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    ws.subscribe<{ pipelineEvents: { pipelineName: string; kind: string } }>(
      {
        query: SUBSCRIPTION,
        variables: { filter: { kinds: ['APPROVAL_NEEDED'], pipelineNames: ['rl-slow', 'rl-fast'] } },
      },
      {
        next: (r) =>
          void (r.data && heard.push({ pipelineName: r.data.pipelineEvents.pipelineName, at: Date.now() })),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    // Let the poller take its baseline of both pipelines (polls every 200 ms).
    await sleep(1500);
    slack.rateLimit('chat.postMessage', 1, 1, (args) => args.channel === 'C0SLOW');
    for (const name of ['rl-slow', 'rl-fast'])
      await emu.client.send(new StartPipelineExecutionCommand({ name }));
    emu.advance(60_000);

    const posted = (channel: string) => (c: SlackCall) =>
      c.method === 'chat.postMessage' && c.args.channel === channel;
    const retried = await slack.waitFor('the retry', () =>
      slack.answered('chat.postMessage').find(posted('C0SLOW')),
    );
    const limited = slack.calls.find((c) => posted('C0SLOW')(c) && c.status === 429);
    const fast = slack.answered('chat.postMessage').find(posted('C0FAST'));
    const event = await until('the subscriber to hear rl-slow', () =>
      heard.find((h) => h.pipelineName === 'rl-slow'),
    );
    if (!limited || !fast) throw new Error('expected a 429 on C0SLOW and a post on C0FAST');

    // Retry-After: 1 is honoured: not sooner, and not much later.
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(990);
    expect(retried.at - limited.at).toBeLessThan(2500);
    // The other channel did not wait behind the rate-limited one.
    expect(fast.at).toBeLessThan(limited.at + 900);
    // Nor did the subscriber of the same event.
    expect(event.at).toBeLessThan(limited.at + 500);
    expect(heard.some((h) => h.pipelineName === 'rl-fast')).toBe(true);
    expect(slack.answered('chat.postMessage')).toHaveLength(2);
    expect(
      gateway.logs.some(
        (l) => l.msg === 'slack call failed, retrying' && l.channel === 'C0SLOW' && l.retryInMs === 1000,
      ),
    ).toBe(true);
  });

  it('gives up after its attempts and logs it, without holding the channel', async () => {
    const log = recordingLog();
    const client = new WebClient(slack.token, {
      slackApiUrl: slack.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      logger: silentSlackLogger,
    });
    const outbox = new SlackOutbox(client, log, { maxAttempts: 2 });
    slack.rateLimit('chat.postMessage', 2, 1, (args) => args.channel === 'C0DOWN');
    const started = Date.now();
    const result = await outbox.enqueue('C0DOWN', 'chat.postMessage', (c) =>
      c.chat.postMessage({ channel: 'C0DOWN', text: 'x' }),
    );
    expect(result).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(log.lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'slack call failed, retrying'],
      ['error', 'slack call failed, giving up'],
    ]);
    expect(log.lines[1]?.fields).toMatchObject({
      channel: 'C0DOWN',
      attempts: 2,
      reason: 'rate limited, retry after 1 s',
    });
    const next = await outbox.enqueue('C0DOWN', 'chat.postMessage', (c) =>
      c.chat.postMessage({ channel: 'C0DOWN', text: 'y' }),
    );
    expect(next?.ok).toBe(true);
    await outbox.close();
  });
});
