import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { simplePipeline, v2Pipeline } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
/** A gateway as deployed, with its in-process near cache: transitions need no clock jumps. */
let nearGateway: TestGateway;
let redis: TestRedis;

const STAGES = `query Stages($name: String!) {
  pipeline(name: $name) { stages { name inboundTransition { enabled disabledReason } } }
}`;

const DISABLE = `mutation Disable($input: DisableStageTransitionInput!) {
  disableStageTransition(input: $input) {
    stageName transitionType
    pipeline { stages { name inboundTransition { enabled disabledReason } } }
  }
}`;

const ENABLE = `mutation Enable($input: EnableStageTransitionInput!) {
  enableStageTransition(input: $input) { stageName pipeline { name } }
}`;

const RETRY = `mutation Retry($input: RetryStageExecutionInput!) {
  retryStageExecution(input: $input) { pipelineExecutionId pipelineExecution { status } pipeline { name } }
}`;

const ROLLBACK = `mutation Rollback($input: RollbackStageInput!) {
  rollbackStage(input: $input) { pipelineExecutionId pipelineExecution { status executionType } }
}`;

const OVERRIDE = `mutation Override($input: OverrideStageConditionInput!) {
  overrideStageCondition(input: $input) { pipelineExecutionId pipelineExecution { status } }
}`;

const STAGE_STATUS = `query StageStatus($name: String!) {
  pipeline(name: $name) { stages { name latestExecution { status pipelineExecutionId } } }
}`;

interface StagesResult {
  pipeline: {
    stages: { name: string; inboundTransition: { enabled: boolean; disabledReason: string | null } }[];
  };
}

interface StageStatusResult {
  pipeline: {
    stages: { name: string; latestExecution: { status: string; pipelineExecutionId: string } | null }[];
  };
}

async function start(name: string): Promise<string> {
  const variables = name === 'conditioned' ? [{ name: 'ReleaseNotes', value: 'test' }] : undefined;
  const out = await emu.client.send(new StartPipelineExecutionCommand({ name, variables }));
  return out.pipelineExecutionId!;
}

async function buildStatus(name: string): Promise<string | undefined> {
  const res = await gateway.query<StageStatusResult>(STAGE_STATUS, { name });
  return res.data!.pipeline.stages.find((s) => s.name === 'Build')?.latestExecution?.status;
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
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('gated') }));
  await emu.client.send(
    new CreatePipelineCommand({
      pipeline: simplePipeline('flaky', { build: { EmulatorOutcome: 'Failed' } }),
    }),
  );
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('steady') }));
  await emu.client.send(new CreatePipelineCommand({ pipeline: v2Pipeline('conditioned') }));
  redis = await connectTestRedis();
  gateway = await startTestGateway(emu.url, {
    redis: true,
    redisKeyPrefix: redis.prefix,
    // These tests stand in for TTL expiry by deleting Redis keys, so nothing may be kept in process.
    env: { NEAR_CACHE_ENTRIES: '0', RESPONSE_CACHE_ENTRIES: '0' },
  });
  nearGateway = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: `${redis.prefix}near:` });
});

afterAll(async () => {
  await nearGateway.close();
  await gateway.close();
  await emu.close();
  await redis.cleanup();
});

beforeEach(async () => {
  await emu.admin('/_emulator/stats/reset', {});
});

describe('disableStageTransition and enableStageTransition', () => {
  const address = { pipelineName: 'gated', stageName: 'Build', transitionType: 'Inbound' };

  it('shows a disabled transition at once in a warm pipeline query, and enabling releases it', async () => {
    const warm = await nearGateway.query<StagesResult>(STAGES, { name: 'gated' });
    expect(warm.data!.pipeline.stages.find((s) => s.name === 'Build')?.inboundTransition.enabled).toBe(true);

    const disabled = await nearGateway.query<{
      disableStageTransition: StagesResult & { stageName: string };
    }>(DISABLE, { input: { ...address, reason: 'Release freeze (holiday)' } });
    expect(disabled.errors).toBeUndefined();
    expect(disabled.data!.disableStageTransition.stageName).toBe('Build');
    const inPayload = disabled.data!.disableStageTransition.pipeline.stages.find((s) => s.name === 'Build');
    expect(inPayload?.inboundTransition).toEqual({
      enabled: false,
      disabledReason: 'Release freeze (holiday)',
    });

    const after = await nearGateway.query<StagesResult>(STAGES, { name: 'gated' });
    expect(after.data!.pipeline.stages.find((s) => s.name === 'Build')?.inboundTransition).toEqual({
      enabled: false,
      disabledReason: 'Release freeze (holiday)',
    });

    const enabled = await nearGateway.query(ENABLE, { input: address });
    expect(enabled.errors).toBeUndefined();
    const released = await nearGateway.query<StagesResult>(STAGES, { name: 'gated' });
    expect(released.data!.pipeline.stages.find((s) => s.name === 'Build')?.inboundTransition.enabled).toBe(
      true,
    );
  });

  it('rejects a reason with forbidden characters as BAD_USER_INPUT without calling CodePipeline', async () => {
    const res = await nearGateway.query(DISABLE, { input: { ...address, reason: 'no <html> please' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await emu.stats()).toEqual({});
  });

  it('reports an unknown stage as NOT_FOUND', async () => {
    const res = await nearGateway.query(ENABLE, { input: { ...address, stageName: 'Nope' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'StageNotFoundException',
    });
  });
});

describe('retryStageExecution', () => {
  it('retries the failed actions, then all actions, of a failed stage, and the state shows it at once', async () => {
    const id = await start('flaky');
    await advance(60_000);
    expect(await buildStatus('flaky')).toBe('Failed');

    for (const retryMode of ['FAILED_ACTIONS', 'ALL_ACTIONS']) {
      const res = await gateway.query<{
        retryStageExecution: { pipelineExecutionId: string; pipelineExecution: { status: string } };
      }>(RETRY, { input: { pipelineName: 'flaky', stageName: 'Build', pipelineExecutionId: id, retryMode } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.retryStageExecution).toMatchObject({
        pipelineExecutionId: id,
        pipelineExecution: { status: 'InProgress' },
      });
      expect(await buildStatus('flaky')).toBe('InProgress');
      await advance(60_000);
      expect(await buildStatus('flaky')).toBe('Failed');
    }
  });

  it('refuses to retry a stage that did not fail as PRECONDITION_FAILED', async () => {
    const id = await start('steady');
    await advance(60_000);
    const res = await gateway.query(RETRY, {
      input: {
        pipelineName: 'steady',
        stageName: 'Build',
        pipelineExecutionId: id,
        retryMode: 'ALL_ACTIONS',
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'StageNotRetryableException',
    });
    expect(res.errors?.[0]?.extensions?.awsRequestId).toEqual(expect.any(String));
  });

  it('refuses to retry an execution that is no longer the latest in the stage as CONFLICT', async () => {
    const older = await start('flaky');
    await advance(60_000);
    await start('flaky');
    await advance(60_000);
    const res = await gateway.query(RETRY, {
      input: {
        pipelineName: 'flaky',
        stageName: 'Build',
        pipelineExecutionId: older,
        retryMode: 'FAILED_ACTIONS',
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      awsErrorName: 'NotLatestPipelineExecutionException',
    });
  });
});

describe('rollbackStage', () => {
  it('reruns a stage with an execution that succeeded in it, returning the rollback execution', async () => {
    const good = await start('steady');
    await advance(60_000);
    await start('steady');
    await advance(60_000);
    const res = await gateway.query<{
      rollbackStage: {
        pipelineExecutionId: string;
        pipelineExecution: { status: string; executionType: string };
      };
    }>(ROLLBACK, { input: { pipelineName: 'steady', stageName: 'Build', targetPipelineExecutionId: good } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.rollbackStage.pipelineExecutionId).not.toBe(good);
    expect(res.data!.rollbackStage.pipelineExecution).toMatchObject({
      status: 'InProgress',
      executionType: 'ROLLBACK',
    });
    expect(await buildStatus('steady')).toBe('InProgress');
    await advance(60_000);
  });

  it('refuses to roll back the source stage as PRECONDITION_FAILED', async () => {
    const good = await start('steady');
    await advance(60_000);
    const res = await gateway.query(ROLLBACK, {
      input: { pipelineName: 'steady', stageName: 'Source', targetPipelineExecutionId: good },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'UnableToRollbackStageException',
    });
  });
});

describe('overrideStageCondition', () => {
  it('lets an execution past an entry condition still being evaluated, once', async () => {
    // The Deploy entry check takes ten minutes, long enough to override it; the run on creation meets it.
    const slow = v2Pipeline('conditioned-slow', {
      variables: [{ name: 'DeployTarget', defaultValue: 'staging' }],
    });
    const check = slow.stages?.find((st) => st.name === 'Deploy')?.beforeEntry?.conditions?.[0]?.rules?.[0];
    check!.configuration = { ...check!.configuration, EmulatorDurationMs: '600000' };
    await emu.client.send(new CreatePipelineCommand({ pipeline: slow }));
    await advance(30_000);
    const runs = await emu.client.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'conditioned-slow' }),
    );
    expect(runs.pipelineExecutionSummaries).toHaveLength(1);
    const id = runs.pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const input = {
      pipelineName: 'conditioned-slow',
      stageName: 'Deploy',
      pipelineExecutionId: id,
      conditionType: 'BEFORE_ENTRY',
    };
    const res = await gateway.query<{
      overrideStageCondition: { pipelineExecutionId: string; pipelineExecution: { status: string } };
    }>(OVERRIDE, { input });
    expect(res.errors).toBeUndefined();
    expect(res.data!.overrideStageCondition).toEqual({
      pipelineExecutionId: id,
      pipelineExecution: { status: 'InProgress' },
    });
    const deploy = await gateway.query<StageStatusResult>(STAGE_STATUS, { name: 'conditioned-slow' });
    expect(deploy.data!.pipeline.stages.find((st) => st.name === 'Deploy')?.latestExecution).toMatchObject({
      pipelineExecutionId: id,
      status: 'InProgress',
    });
    const again = await gateway.query(OVERRIDE, { input });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'ConditionNotOverridableException',
    });
  });

  it('refuses to override a condition that is not being evaluated as PRECONDITION_FAILED', async () => {
    const id = await start('conditioned');
    const res = await gateway.query(OVERRIDE, {
      input: {
        pipelineName: 'conditioned',
        stageName: 'Deploy',
        pipelineExecutionId: id,
        conditionType: 'BEFORE_ENTRY',
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'ConditionNotOverridableException',
    });
  });

  it('rejects a malformed execution id as BAD_USER_INPUT before calling CodePipeline', async () => {
    const res = await gateway.query(OVERRIDE, {
      input: {
        pipelineName: 'conditioned',
        stageName: 'Deploy',
        pipelineExecutionId: 'not an id!',
        conditionType: 'BEFORE_ENTRY',
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'pipelineExecutionId',
    });
    expect(await emu.stats()).toEqual({});
  });
});
