import {
  CreatePipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { approvalPipeline, simplePipeline } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const START = `mutation Start($input: StartPipelineExecutionInput!) {
  startPipelineExecution(input: $input) { pipelineExecutionId }
}`;

const PENDING = `query Pending($names: [String!]) {
  pendingApprovals(pipelineNames: $names) {
    pipelineName stageName actionName pipelineExecutionId since summary externalEntityLink
    pipeline { name }
  }
}`;

const APPROVE = `mutation Approve($input: ApproveActionInput!) {
  approveAction(input: $input) {
    approvedAt decision
    pipelineExecution { id status }
    pipeline { name stages { name latestExecution { status } } }
  }
}`;

const PUT = `mutation Put($input: PutApprovalResultInput!) {
  putApprovalResult(input: $input) { approvedAt pipeline { name } }
}`;

const EXECUTION = `query Execution($name: String!, $id: String!) {
  pipelineExecution(pipelineName: $name, pipelineExecutionId: $id) { status }
}`;

interface Pending {
  pipelineName: string;
  stageName: string;
  actionName: string;
  pipelineExecutionId: string;
  since: string;
  summary: string | null;
  externalEntityLink: string | null;
  pipeline: { name: string };
}

const gate = { stageName: 'Approval', actionName: 'Approve' };

/** Starts an execution through the graph and moves time until it waits at the gate. */
async function waitAtGate(pipelineName: string): Promise<string> {
  const started = await gateway.query<{ startPipelineExecution: { pipelineExecutionId: string } }>(START, {
    input: { name: pipelineName },
  });
  expect(started.errors).toBeUndefined();
  await advance(60_000);
  return started.data!.startPipelineExecution.pipelineExecutionId;
}

async function executionStatus(name: string, id: string): Promise<string> {
  const res = await gateway.query<{ pipelineExecution: { status: string } }>(EXECUTION, { name, id });
  return res.data!.pipelineExecution.status;
}

async function liveToken(name: string): Promise<string> {
  const state = await emu.client.send(new GetPipelineStateCommand({ name }));
  const stage = state.stageStates?.find((s) => s.stageName === 'Approval');
  return stage?.actionStates?.[0]?.latestExecution?.token ?? '';
}

/**
 * Moves simulated time. The gateway cannot know the emulator's clock jumped
 * (in real time its short TTLs would expire), so drop what it cached in
 * Redis; the gateway runs without a near cache so that Redis is all it holds.
 */
async function advance(ms: number): Promise<void> {
  emu.advance(ms);
  await redis.flush();
}

beforeAll(async () => {
  emu = await startTestEmulator();
  for (const name of ['release', 'reject-me', 'answer-twice', 'not-yet']) {
    await emu.client.send(
      new CreatePipelineCommand({
        pipeline: approvalPipeline(name, {
          approval: { CustomData: `Ship ${name}?`, ExternalEntityLink: `https://example.com/${name}` },
        }),
      }),
    );
  }
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('no-gate') }));
  // Creating a pipeline runs it once: stop those runs so each test's own execution is the one at the gate.
  emu.advance(60_000);
  for (const name of ['release', 'reject-me', 'answer-twice', 'not-yet']) {
    const runs = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    const pipelineExecutionId = runs.pipelineExecutionSummaries?.[0]?.pipelineExecutionId;
    await emu.client.send(
      new StopPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId, abandon: true }),
    );
  }
  redis = await connectTestRedis();
  gateway = await startTestGateway(emu.url, {
    redis: true,
    redisKeyPrefix: redis.prefix,
    // These tests stand in for TTL expiry by deleting Redis keys, so nothing may be kept in process.
    env: { NEAR_CACHE_ENTRIES: '0', RESPONSE_CACHE_ENTRIES: '0' },
  });
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
  await redis.cleanup();
});

beforeEach(async () => {
  await emu.admin('/_emulator/stats/reset', {});
});

describe('approveAction and pendingApprovals', () => {
  it('lists a waiting approval without its token, approves it, and the execution succeeds', async () => {
    const id = await waitAtGate('release');

    const pending = await gateway.query<{ pendingApprovals: Pending[] }>(PENDING, {});
    expect(pending.errors).toBeUndefined();
    const mine = pending.data!.pendingApprovals.filter((p) => p.pipelineName === 'release');
    expect(mine).toEqual([
      {
        pipelineName: 'release',
        ...gate,
        pipelineExecutionId: id,
        since: expect.any(String),
        summary: 'Ship release?',
        externalEntityLink: 'https://example.com/release',
        pipeline: { name: 'release' },
      },
    ]);
    expect(JSON.stringify(pending.data)).not.toContain(await liveToken('release'));

    const approved = await gateway.query<{
      approveAction: { approvedAt: string; decision: string; pipelineExecution: { status: string } };
    }>(APPROVE, {
      input: {
        pipelineName: 'release',
        ...gate,
        pipelineExecutionId: id,
        decision: 'APPROVED',
        summary: 'LGTM',
      },
    });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveAction).toMatchObject({
      approvedAt: expect.any(String),
      decision: 'APPROVED',
      pipelineExecution: { status: 'InProgress' },
    });

    const after = await gateway.query<{ pendingApprovals: Pending[] }>(PENDING, { names: ['release'] });
    expect(after.data!.pendingApprovals).toEqual([]);

    await advance(60_000);
    expect(await executionStatus('release', id)).toBe('Succeeded');
  });

  it('fails the execution when the decision is REJECTED', async () => {
    const id = await waitAtGate('reject-me');
    const rejected = await gateway.query(APPROVE, {
      input: { pipelineName: 'reject-me', ...gate, pipelineExecutionId: id, decision: 'REJECTED' },
    });
    expect(rejected.errors).toBeUndefined();
    await advance(60_000);
    expect(await executionStatus('reject-me', id)).toBe('Failed');
  });

  it('refuses an action that is not waiting as PRECONDITION_FAILED, without calling PutApprovalResult', async () => {
    const started = await emu.client.send(new StartPipelineExecutionCommand({ name: 'not-yet' }));
    const id = started.pipelineExecutionId!;
    const res = await gateway.query(APPROVE, {
      input: { pipelineName: 'not-yet', ...gate, pipelineExecutionId: id, decision: 'APPROVED' },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'APPROVAL_NOT_WAITING',
    });
    expect((await emu.stats()).PutApprovalResult).toBeUndefined();
  });

  it('refuses to answer for an execution other than the one waiting at the gate', async () => {
    await waitAtGate('not-yet');
    const res = await gateway.query(APPROVE, {
      input: {
        pipelineName: 'not-yet',
        ...gate,
        pipelineExecutionId: '00000000-0000-0000-0000-000000000000',
        decision: 'APPROVED',
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await emu.stats()).PutApprovalResult).toBeUndefined();
  });

  it('answers with the live token even when the cached state still shows an earlier run waiting', async () => {
    const first = await waitAtGate('answer-twice');
    const warm = await gateway.query<{ pendingApprovals: Pending[] }>(PENDING, { names: ['answer-twice'] });
    expect(warm.data!.pendingApprovals.map((p) => p.pipelineExecutionId)).toEqual([first]);

    // Behind the gateway's back: the first run is approved and a second one reaches the gate.
    await emu.client.send(
      new PutApprovalResultCommand({
        pipelineName: 'answer-twice',
        ...gate,
        token: await liveToken('answer-twice'),
        result: { status: 'Approved', summary: 'out of band' },
      }),
    );
    const second = await emu.client.send(new StartPipelineExecutionCommand({ name: 'answer-twice' }));
    emu.advance(60_000);
    const stillCached = await gateway.query<{ pendingApprovals: Pending[] }>(PENDING, {
      names: ['answer-twice'],
    });
    expect(stillCached.data!.pendingApprovals.map((p) => p.pipelineExecutionId)).toEqual([first]);

    const res = await gateway.query(APPROVE, {
      input: {
        pipelineName: 'answer-twice',
        ...gate,
        pipelineExecutionId: second.pipelineExecutionId,
        decision: 'APPROVED',
      },
    });
    expect(res.errors).toBeUndefined();
    await advance(60_000);
    expect(await executionStatus('answer-twice', second.pipelineExecutionId!)).toBe('Succeeded');
  });

  it('lists nothing for pipelines with no waiting approval or that do not exist', async () => {
    const res = await gateway.query<{ pendingApprovals: Pending[] }>(PENDING, {
      names: ['no-gate', 'missing'],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.pendingApprovals).toEqual([]);
  });

  it('rejects a bad decision summary as BAD_USER_INPUT without calling CodePipeline', async () => {
    const res = await gateway.query(APPROVE, {
      input: {
        pipelineName: 'release',
        ...gate,
        pipelineExecutionId: '00000000-0000-0000-0000-000000000000',
        decision: 'APPROVED',
        summary: 'x'.repeat(513),
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'summary' });
    expect(await emu.stats()).toEqual({});
  });
});

describe('putApprovalResult', () => {
  it('answers with the token, then maps an answered approval and a wrong token to their codes', async () => {
    const id = await waitAtGate('answer-twice');
    const token = await liveToken('answer-twice');
    const input = {
      pipelineName: 'answer-twice',
      ...gate,
      token,
      result: { status: 'Approved', summary: 'ok' },
    };
    const ok = await gateway.query<{ putApprovalResult: { approvedAt: string; pipeline: { name: string } } }>(
      PUT,
      { input },
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.putApprovalResult).toEqual({
      approvedAt: expect.any(String),
      pipeline: { name: 'answer-twice' },
    });

    const again = await gateway.query(PUT, { input });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'ApprovalAlreadyCompletedException',
      awsRequestId: expect.any(String),
    });

    const wrong = await gateway.query(PUT, {
      input: { ...input, token: '11111111-2222-3333-4444-555555555555' },
    });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidApprovalTokenException',
    });
    await advance(60_000);
    expect(await executionStatus('answer-twice', id)).toBe('Succeeded');
  });

  it('rejects a token that is not a UUID without calling CodePipeline', async () => {
    const res = await gateway.query(PUT, {
      input: { pipelineName: 'release', ...gate, token: 'nope', result: { status: 'Approved', summary: '' } },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect(await emu.stats()).toEqual({});
  });
});
