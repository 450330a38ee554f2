import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { simplePipeline } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const PUT = `mutation Put($input: PutActionRevisionInput!) {
  putActionRevision(input: $input) {
    newRevision pipelineExecutionId
    pipelineExecution { status }
    pipeline { latestExecution { pipelineExecutionId } }
  }
}`;

const LATEST = `{ pipeline(name: "sourced") { latestExecution { pipelineExecutionId } } }`;

interface PutResult {
  putActionRevision: {
    newRevision: boolean;
    pipelineExecutionId: string;
    pipelineExecution: { status: string };
    pipeline: { latestExecution: { pipelineExecutionId: string } };
  };
}

const address = { pipelineName: 'sourced', stageName: 'Source', actionName: 'Source' };
const revision = {
  revisionId: 'v-2024-06-01',
  revisionChangeId: 'change-1',
  created: '2024-06-01T12:00:00Z',
};

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('sourced') }));
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

describe('putActionRevision', () => {
  it('starts an execution for a new revision, and a warm pipeline query shows it at once', async () => {
    const warm = await gateway.query<{ pipeline: { latestExecution: { pipelineExecutionId: string } } }>(
      LATEST,
    );
    const before = warm.data!.pipeline.latestExecution.pipelineExecutionId;

    const res = await gateway.query<PutResult>(PUT, { input: { ...address, actionRevision: revision } });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.putActionRevision;
    expect(payload.newRevision).toBe(true);
    expect(payload.pipelineExecutionId).not.toBe(before);
    expect(payload.pipelineExecution.status).toBe('InProgress');
    expect(payload.pipeline.latestExecution.pipelineExecutionId).toBe(payload.pipelineExecutionId);

    const after = await gateway.query<{ pipeline: { latestExecution: { pipelineExecutionId: string } } }>(
      LATEST,
    );
    expect(after.data!.pipeline.latestExecution.pipelineExecutionId).toBe(payload.pipelineExecutionId);
  });

  it('starts nothing for a revision the pipeline already ran, and names that execution', async () => {
    const first = await gateway.query<PutResult>(PUT, {
      input: { ...address, actionRevision: { ...revision, revisionId: 'v-again' } },
    });
    emu.advance(60_000); // the source action records the revision when it finishes
    const again = await gateway.query<PutResult>(PUT, {
      input: { ...address, actionRevision: { ...revision, revisionId: 'v-again' } },
    });
    expect(again.errors).toBeUndefined();
    expect(again.data!.putActionRevision).toMatchObject({
      newRevision: false,
      pipelineExecutionId: first.data!.putActionRevision.pipelineExecutionId,
    });
  });

  it('reports an unknown action as NOT_FOUND with the AWS error name', async () => {
    const res = await gateway.query(PUT, {
      input: { ...address, actionName: 'Nope', actionRevision: revision },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'ActionNotFoundException',
      awsRequestId: expect.any(String),
    });
  });

  it('rejects an over-long change id as BAD_USER_INPUT naming the field, without calling CodePipeline', async () => {
    const res = await gateway.query(PUT, {
      input: { ...address, actionRevision: { ...revision, revisionChangeId: 'c'.repeat(101) } },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'actionRevision.revisionChangeId',
    });
    expect(await emu.stats()).toEqual({});
  });
});
