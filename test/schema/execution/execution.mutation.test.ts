import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { simplePipeline } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const START = `mutation Start($input: StartPipelineExecutionInput!) {
  startPipelineExecution(input: $input) {
    pipelineExecutionId
    pipelineExecution { id status trigger { triggerType } }
    pipeline { name latestExecution { pipelineExecutionId status } }
  }
}`;

const STOP = `mutation Stop($input: StopPipelineExecutionInput!) {
  stopPipelineExecution(input: $input) { pipelineExecutionId pipelineExecution { status statusSummary } }
}`;

interface StartResult {
  startPipelineExecution: {
    pipelineExecutionId: string;
    pipelineExecution: { status: string; trigger: { triggerType: string } };
    pipeline: { latestExecution: { pipelineExecutionId: string } };
  };
}

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(
    new CreatePipelineCommand({
      pipeline: simplePipeline('deploy-me', { build: { EmulatorDurationMs: '600000' } }),
    }),
  );
  redis = await connectTestRedis();
  gateway = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
  await redis.cleanup();
});

beforeEach(async () => {
  await emu.admin('/_emulator/stats/reset', {});
});

describe('startPipelineExecution', () => {
  it('starts an execution and returns it with its pipeline, fresh, in the same round trip', async () => {
    // Warm the cache first: the payload must not come from it.
    await gateway.query('{ pipeline(name: "deploy-me") { latestExecution { pipelineExecutionId } } }');
    const res = await gateway.query<StartResult>(START, { input: { name: 'deploy-me' } });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.startPipelineExecution;
    expect(payload.pipelineExecutionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.pipelineExecution).toMatchObject({
      status: 'InProgress',
      trigger: { triggerType: 'StartPipelineExecution' },
    });
    expect(payload.pipeline.latestExecution.pipelineExecutionId).toBe(payload.pipelineExecutionId);
  });

  it('starts one execution only when retried with the same clientRequestToken', async () => {
    const input = { name: 'deploy-me', clientRequestToken: 'retry-safe-token-1' };
    const first = await gateway.query<StartResult>(START, { input });
    const second = await gateway.query<StartResult>(START, { input });
    expect(second.data!.startPipelineExecution.pipelineExecutionId).toBe(
      first.data!.startPipelineExecution.pipelineExecutionId,
    );
  });

  it('rejects a bad name with BAD_USER_INPUT naming the field, without calling CodePipeline', async () => {
    const res = await gateway.query(START, {
      input: { name: 'no spaces allowed', clientRequestToken: 'x'.repeat(200) },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(res.errors?.[0]?.message).toContain('clientRequestToken');
    expect(await emu.stats()).toEqual({});
  });

  it('reports a missing pipeline as NOT_FOUND with the AWS error name', async () => {
    const res = await gateway.query(START, { input: { name: 'nope' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'PipelineNotFoundException',
    });
    expect(res.errors?.[0]?.extensions?.awsRequestId).toEqual(expect.any(String));
  });
});

describe('stopPipelineExecution', () => {
  it('stops a running execution, and a second stop is refused as a conflict', async () => {
    const started = await gateway.query<StartResult>(START, { input: { name: 'deploy-me' } });
    const id = started.data!.startPipelineExecution.pipelineExecutionId;
    const stop = await gateway.query<{ stopPipelineExecution: { pipelineExecution: { status: string } } }>(
      STOP,
      {
        input: { pipelineName: 'deploy-me', pipelineExecutionId: id, abandon: true, reason: 'wrong branch' },
      },
    );
    expect(stop.errors).toBeUndefined();
    expect(stop.data!.stopPipelineExecution.pipelineExecution.status).toBe('Stopped');
    const again = await gateway.query(STOP, {
      input: { pipelineName: 'deploy-me', pipelineExecutionId: id },
    });
    expect(again.errors?.[0]?.extensions?.code).toMatch(/PRECONDITION_FAILED|CONFLICT/);
  });
});
