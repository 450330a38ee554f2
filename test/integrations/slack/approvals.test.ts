import {
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { decodeApprovalRef } from '../../../src/integrations/slack/approval-ref';
import { approvalPipeline, simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { connectTestRedis, type TestRedis } from '../../support/redis';
import {
  postAsSlack,
  type SlackCall,
  type SlackStandIn,
  startSlackStandIn,
} from '../../support/slack-stand-in';
import { SIGNING_SECRET, sleep, type SlackGateway, startSlackGateway, until, writeRules } from './harness';

/**
 * The whole approval loop across two replicas on one Redis: the emulator
 * reaches a manual approval, exactly one Slack message with two buttons is
 * posted, refused clicks change nothing, a signed click by a mapped approver
 * approves it through the graph, the execution goes on and the message is
 * updated once.
 */

jest.setTimeout(90_000);

const PIPELINE = 'slk-release';
const FAILING = 'slk-broken';
const CHANNEL = 'C0DEPLOYS';
const RULES = `
channels:
  - channel: ${CHANNEL}
    pipelines: ["slk-*"]
    events: [APPROVAL_NEEDED, EXECUTION_FAILED, EXECUTION_SUCCEEDED, STAGE_FAILED]
approvers:
  - slackUserId: U0ALICE
    principal: slack:alice
    role: operator
    pipelines: ["123456789012/us-east-1/slk-*"]
  - slackUserId: U0CAROL
    principal: slack:carol
    role: operator
    pipelines: ["other-*"]
  - slackUserId: U0VICTOR
    principal: slack:victor
    role: viewer
    pipelines: ["*"]
`;

let emu: TestEmulator;
let redis: TestRedis;
let slack: SlackStandIn;
let a: SlackGateway;
let b: SlackGateway;
let executionId: string;
let approvalCall: SlackCall;

const interactions = (g: SlackGateway): string => `${g.base}/integrations/slack/interactions`;
const commands = (g: SlackGateway): string => `${g.base}/integrations/slack/commands`;

interface Button {
  action_id: string;
  value: string;
}

function buttonsOf(call: SlackCall): Button[] {
  const blocks = call.args.blocks as { type: string; elements?: Button[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** Slack's block_actions payload for a click on one of the message's buttons. */
function clickPayload(
  user: string,
  actionId: 'approve' | 'reject',
  comment?: string,
  message: SlackCall = approvalCall,
): Record<string, string> {
  const button = buttonsOf(message).find((x) => x.action_id === actionId);
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase() },
    channel: { id: CHANNEL },
    container: { type: 'message', channel_id: CHANNEL, message_ts: message.response.ts },
    message: { ts: message.response.ts },
    response_url: 'https://hooks.slack.com/actions/T0/1/x',
    actions: [{ type: 'button', action_id: actionId, block_id: 'approval', value: button?.value }],
    state: { values: comment ? { comment: { comment: { type: 'plain_text_input', value: comment } } } : {} },
  };
  return { payload: JSON.stringify(payload) };
}

async function approvalStatus(): Promise<string | undefined> {
  const state = await emu.client.send(new GetPipelineStateCommand({ name: PIPELINE }));
  return state.stageStates?.find((s) => s.stageName === 'Approval')?.actionStates?.[0]?.latestExecution
    ?.status;
}

const ephemeralsTo = (user: string): SlackCall[] =>
  slack.answered('chat.postEphemeral').filter((c) => c.args.user === user);

const auditLines = (): Record<string, unknown>[] =>
  [...a.auditLines(), ...b.auditLines()].filter((l) => l.event === 'slack.approval');

const snapshotKey = (name: string): string => `${redis.prefix}snapshot:123456789012:us-east-1:${name}`;

beforeAll(async () => {
  redis = await connectTestRedis();
  emu = await startTestEmulator();
  slack = await startSlackStandIn();
  await emu.client.send(
    new CreatePipelineCommand({
      pipeline: approvalPipeline(PIPELINE, {
        approval: {
          CustomData: 'Ship the payments release?',
          ExternalEntityLink: 'https://example.com/release/42',
        },
      }),
    }),
  );
  await emu.client.send(
    new CreatePipelineCommand({
      pipeline: simplePipeline(FAILING, { build: { EmulatorOutcome: 'Failed' } }),
    }),
  );
  // Creating a pipeline runs it once: let those runs end before anyone watches.
  emu.advance(60_000);
  const runs = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }));
  await emu.client.send(
    new StopPipelineExecutionCommand({
      pipelineName: PIPELINE,
      pipelineExecutionId: runs.pipelineExecutionSummaries?.[0]?.pipelineExecutionId,
      abandon: true,
    }),
  );
  emu.advance(60_000);
  const rulesFile = writeRules(RULES);
  a = await startSlackGateway({ emulatorUrl: emu.url, slack, rulesFile, redisKeyPrefix: redis.prefix });
  b = await startSlackGateway({ emulatorUrl: emu.url, slack, rulesFile, redisKeyPrefix: redis.prefix });
  // The first poll is the baseline later changes are diffed against.
  await until('the baseline snapshots', async () =>
    (await redis.redis.exists(snapshotKey(PIPELINE), snapshotKey(FAILING))) === 2 ? true : undefined,
  );
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await slack?.close();
  await emu?.close();
  await redis?.cleanup();
});

describe('Slack approvals with two replicas on one Redis', () => {
  it('posts exactly one message with Approve and Reject buttons when an approval waits', async () => {
    const started = await emu.client.send(new StartPipelineExecutionCommand({ name: PIPELINE }));
    executionId = started.pipelineExecutionId ?? '';
    emu.advance(60_000);
    expect(await approvalStatus()).toBe('InProgress');
    approvalCall = await slack.waitFor('the approval message', () =>
      slack.answered('chat.postMessage').find((c) => buttonsOf(c).length > 0),
    );
    // Both replicas heard the event: give the slower one time to (wrongly) post too.
    await sleep(1500);
    const posts = slack.answered('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(approvalCall.args.channel).toBe(CHANNEL);
    const buttons = buttonsOf(approvalCall);
    expect(buttons.map((x) => x.action_id)).toEqual(['approve', 'reject']);
    expect(decodeApprovalRef(buttons[0]?.value)).toEqual({
      accountId: '123456789012',
      region: 'us-east-1',
      pipelineName: PIPELINE,
      stageName: 'Approval',
      actionName: 'Approve',
      pipelineExecutionId: executionId,
    });
    const shown = JSON.stringify(approvalCall.args.blocks);
    expect(shown).toContain('Ship the payments release?');
    expect(shown).toContain('https://example.com/release/42');
    expect(shown).toContain(executionId);
    expect(shown).toContain('*Revision*');
    expect(approvalCall.args.text).toContain(`Approval needed: ${PIPELINE} Approval/Approve`);
  });

  it('answers /pipelines pending and /pipelines status for a mapped user, and nothing for others', async () => {
    const pending = await postAsSlack(commands(a), SIGNING_SECRET, {
      command: '/pipelines',
      text: 'pending',
      user_id: 'U0ALICE',
    });
    expect(pending.status).toBe(200);
    expect(JSON.stringify(pending.body)).toContain(executionId);
    const status = await postAsSlack(commands(b), SIGNING_SECRET, {
      command: '/pipelines',
      text: `status ${PIPELINE}`,
      user_id: 'U0ALICE',
    });
    const statusText = JSON.stringify(status.body);
    expect(status.body).toMatchObject({ response_type: 'ephemeral' });
    for (const stageName of ['Source', 'Approval', 'Deploy']) expect(statusText).toContain(stageName);
    expect(statusText).toContain('InProgress');
    expect(statusText).toContain('console.aws.amazon.com/codesuite/codepipeline/pipelines/slk-release');
    const targeted = await postAsSlack(commands(a), SIGNING_SECRET, {
      text: `status 123456789012/us-east-1/${PIPELINE}`,
      user_id: 'U0ALICE',
    });
    expect(JSON.stringify(targeted.body)).toContain('Approval');
    const nonsense = await postAsSlack(commands(a), SIGNING_SECRET, {
      text: 'status a/b',
      user_id: 'U0ALICE',
    });
    expect(JSON.stringify(nonsense.body)).toContain('is not a pipeline name');
    const outside = await postAsSlack(commands(a), SIGNING_SECRET, {
      text: `status ${PIPELINE}`,
      user_id: 'U0CAROL',
    });
    expect(JSON.stringify(outside.body)).toContain(`No pipeline ${PIPELINE} in your scope`);
    const stranger = await postAsSlack(commands(a), SIGNING_SECRET, {
      text: 'pending',
      user_id: 'U0MALLORY',
    });
    expect(JSON.stringify(stranger.body)).toContain('not mapped');
    const forged = await postAsSlack(commands(a), 'not-the-secret', { text: 'pending', user_id: 'U0ALICE' });
    expect(forged.status).toBe(401);
  });

  it('refuses a click with a bad signature with 401, logs it and changes nothing', async () => {
    const res = await postAsSlack(interactions(a), SIGNING_SECRET, clickPayload('U0ALICE', 'approve'), {
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(401);
    expect(a.logs.some((l) => l.msg === 'slack request refused' && l.reason === 'BAD_SIGNATURE')).toBe(true);
    await sleep(300);
    expect(await approvalStatus()).toBe('InProgress');
    expect(slack.calls.filter((c) => c.method !== 'chat.postMessage')).toEqual([]);
  });

  it('refuses a correctly signed click older than five minutes with 401', async () => {
    const res = await postAsSlack(interactions(b), SIGNING_SECRET, clickPayload('U0ALICE', 'approve'), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(res.status).toBe(401);
    expect(b.logs.some((l) => l.msg === 'slack request refused' && l.reason === 'STALE_TIMESTAMP')).toBe(
      true,
    );
    expect(await approvalStatus()).toBe('InProgress');
  });

  it('tells an unmapped user, an approver out of scope and a viewer privately that they may not approve', async () => {
    for (const user of ['U0MALLORY', 'U0CAROL', 'U0VICTOR']) {
      const res = await postAsSlack(interactions(a), SIGNING_SECRET, clickPayload(user, 'approve'));
      expect(res.status).toBe(200);
    }
    const told = await slack.waitFor('three refusals', () => {
      const calls = ['U0MALLORY', 'U0CAROL', 'U0VICTOR'].map((u) => ephemeralsTo(u)[0]);
      return calls.every(Boolean) ? (calls as SlackCall[]) : undefined;
    });
    for (const call of told)
      expect(call.args.text).toContain(`You may not approve ${PIPELINE} Approval/Approve`);
    expect(told[1]?.args.text).toContain('outside the scope of slack:carol');
    expect(told[2]?.args.text).toContain('needs the operator role');
    expect(await approvalStatus()).toBe('InProgress');
    expect(slack.answered('chat.update')).toHaveLength(0);
    expect(
      auditLines()
        .filter((l) => l.outcome === 'REFUSED')
        .map((l) => l.slackUserId),
    ).toEqual(expect.arrayContaining(['U0MALLORY', 'U0CAROL', 'U0VICTOR']));
  });

  it('approves on a signed click by a mapped approver, updates the message once, and the execution goes on', async () => {
    const res = await postAsSlack(
      interactions(b),
      SIGNING_SECRET,
      clickPayload('U0ALICE', 'approve', 'ship it'),
    );
    expect(res.status).toBe(200);
    const update = await slack.waitFor('the message update', () => slack.answered('chat.update')[0]);
    expect(update.args.channel).toBe(CHANNEL);
    expect(update.args.ts).toBe(approvalCall.response.ts);
    const shown = JSON.stringify(update.args.blocks);
    expect(shown).toMatch(/Approved by <@U0ALICE> at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(shown).toContain('ship it');
    expect(buttonsOf(update)).toHaveLength(0);
    expect(await approvalStatus()).toBe('Succeeded');
    emu.advance(60_000);
    const execution = await emu.client.send(
      new GetPipelineExecutionCommand({ pipelineName: PIPELINE, pipelineExecutionId: executionId }),
    );
    expect(execution.pipelineExecution?.status).toBe('Succeeded');
    const audit = auditLines().find((l) => l.outcome === 'APPROVED');
    expect(audit).toMatchObject({
      event: 'slack.approval',
      slackUserId: 'U0ALICE',
      principal: 'slack:alice',
      accountId: '123456789012',
      region: 'us-east-1',
      pipelineName: PIPELINE,
      stageName: 'Approval',
      actionName: 'Approve',
      pipelineExecutionId: executionId,
      decision: 'APPROVED',
      comment: 'ship it',
    });
    await sleep(1000);
    expect(slack.answered('chat.update')).toHaveLength(1);
  });

  it('answers a second click with who already approved, and changes nothing', async () => {
    const res = await postAsSlack(interactions(a), SIGNING_SECRET, clickPayload('U0ALICE', 'reject'));
    expect(res.status).toBe(200);
    const told = await slack.waitFor('the second answer', () => ephemeralsTo('U0ALICE')[0]);
    expect(told.args.text).toMatch(/already approved by <@U0ALICE> at/);
    await sleep(500);
    expect(slack.answered('chat.update')).toHaveLength(1);
  });

  it('posts the execution outcome once, in its own message', async () => {
    const outcome = await slack.waitFor('the success message', () =>
      slack
        .answered('chat.postMessage')
        .find((c) => String(c.args.text).includes(`${executionId} Succeeded`)),
    );
    expect(outcome.args.channel).toBe(CHANNEL);
    await sleep(1000);
    expect(
      slack.answered('chat.postMessage').filter((c) => String(c.args.text).includes(executionId)),
    ).toHaveLength(2);
  });

  it('posts a failing execution once when its stage fails and updates that message when the execution fails', async () => {
    const before = {
      posts: slack.answered('chat.postMessage').length,
      updates: slack.answered('chat.update').length,
    };
    const started = await emu.client.send(new StartPipelineExecutionCommand({ name: FAILING }));
    const id = started.pipelineExecutionId ?? '';
    emu.advance(60_000);
    const update = await slack.waitFor('the failure update', () =>
      slack.answered('chat.update').find((c) => String(c.args.text).includes(`${id} Failed`)),
    );
    await sleep(1000);
    const posts = slack.answered('chat.postMessage').slice(before.posts);
    expect(posts).toHaveLength(1);
    expect(update.args.ts).toBe(posts[0]?.response.ts);
    expect(slack.answered('chat.update').slice(before.updates)).toHaveLength(1);
    const shown = JSON.stringify(update.args.blocks);
    expect(shown).toContain('Stage Build failed');
    expect(shown).toContain('Execution failed');
  });

  it('replaces the buttons once when the approval is answered outside Slack, and tells a later click', async () => {
    const started = await emu.client.send(new StartPipelineExecutionCommand({ name: PIPELINE }));
    const id = started.pipelineExecutionId ?? '';
    emu.advance(60_000);
    const message = await slack.waitFor('the second approval message', () =>
      slack
        .answered('chat.postMessage')
        .find((c) => buttonsOf(c).length > 0 && String(c.args.text).includes(id)),
    );
    const approved = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($input: ApproveActionInput!) { approveAction(input: $input) { decision } }`,
        variables: {
          input: {
            pipelineName: PIPELINE,
            stageName: 'Approval',
            actionName: 'Approve',
            pipelineExecutionId: id,
            decision: 'APPROVED',
          },
        },
      }),
    });
    expect(((await approved.json()) as { data?: unknown }).data).toEqual({
      approveAction: { decision: 'APPROVED' },
    });
    const update = await slack.waitFor('the update of the second message', () =>
      slack.answered('chat.update').find((c) => c.args.ts === message.response.ts),
    );
    expect(JSON.stringify(update.args.blocks)).toContain('Approved outside Slack at');
    expect(buttonsOf(update)).toHaveLength(0);
    await postAsSlack(
      interactions(b),
      SIGNING_SECRET,
      clickPayload('U0ALICE', 'approve', undefined, message),
    );
    const told = await slack.waitFor('the answer to a late click', () =>
      ephemeralsTo('U0ALICE').find((c) => String(c.args.text).includes('outside Slack')),
    );
    expect(told.args.text).toMatch(/already answered outside Slack \(Succeeded\) at/);
    await sleep(500);
    expect(slack.answered('chat.update').filter((c) => c.args.ts === message.response.ts)).toHaveLength(1);
  });

  it('rejects on a signed click that reached both replicas at once, once, and the execution fails', async () => {
    const started = await emu.client.send(new StartPipelineExecutionCommand({ name: PIPELINE }));
    const id = started.pipelineExecutionId ?? '';
    emu.advance(60_000);
    const message = await slack.waitFor('the third approval message', () =>
      slack
        .answered('chat.postMessage')
        .find((c) => buttonsOf(c).length > 0 && String(c.args.text).includes(id)),
    );
    const ephemeralsBefore = ephemeralsTo('U0ALICE').length;
    // The same click reaches both replicas at once (a double click, or Slack retrying): one of them decides.
    await Promise.all(
      [a, b].map((g) =>
        postAsSlack(interactions(g), SIGNING_SECRET, clickPayload('U0ALICE', 'reject', 'not today', message)),
      ),
    );
    const update = await slack.waitFor('the rejection', () =>
      slack.answered('chat.update').find((c) => c.args.ts === message.response.ts),
    );
    expect(JSON.stringify(update.args.blocks)).toMatch(/Rejected by <@U0ALICE> at .*not today/);
    const told = await slack.waitFor(
      'the answer to the other click',
      () => ephemeralsTo('U0ALICE')[ephemeralsBefore],
    );
    expect(told.args.text).toMatch(/(being rejected|already rejected) by <@U0ALICE>/);
    const execution = await emu.client.send(
      new GetPipelineExecutionCommand({ pipelineName: PIPELINE, pipelineExecutionId: id }),
    );
    expect(execution.pipelineExecution?.status).toBe('Failed');
    expect(
      auditLines().find((l) => l.pipelineExecutionId === id && l.outcome !== 'ALREADY_DECIDED'),
    ).toMatchObject({
      principal: 'slack:alice',
      decision: 'REJECTED',
      outcome: 'REJECTED',
      comment: 'not today',
    });
    await sleep(500);
    expect(slack.answered('chat.update').filter((c) => c.args.ts === message.response.ts)).toHaveLength(1);
  });
});
