import {
  type ActionTypeId,
  CreateCustomActionTypeCommand,
  CreatePipelineCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { ARTIFACT_STORE, ROLE_ARN, s3SourceAction, stage } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const WORKER_TYPE = { category: 'Build', owner: 'Custom', provider: 'GraphWorker', version: '1' } as const;

const POLL = `mutation Poll($input: PollForJobsInput!) {
  pollForJobs(input: $input) {
    jobs { id nonce data { pipelineContext { pipelineName stage { name } action { name } } } }
  }
}`;
const ACK = `mutation Ack($input: AcknowledgeJobInput!) { acknowledgeJob(input: $input) { status } }`;
const SUCCESS = `mutation Ok($input: PutJobSuccessResultInput!) { putJobSuccessResult(input: $input) { jobId ok } }`;
const FAILURE = `mutation Ko($input: PutJobFailureResultInput!) { putJobFailureResult(input: $input) { jobId ok } }`;
const ACTIONS = `query Actions($name: String!) {
  pipeline(name: $name) { stages { name actions { name latestExecution { status summary } } } }
}`;

interface PolledJob {
  id: string;
  nonce: string;
  data: { pipelineContext: { pipelineName: string; stage: { name: string }; action: { name: string } } };
}

interface ActionsResult {
  pipeline: {
    stages: {
      name: string;
      actions: { name: string; latestExecution: { status: string; summary: string } }[];
    }[];
  };
}

function workerPipeline(name: string): PipelineDeclaration {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    stages: [
      stage('Source', s3SourceAction()),
      stage('Work', {
        name: 'Job',
        actionTypeId: WORKER_TYPE as ActionTypeId,
        runOrder: 1,
        configuration: { ProjectName: 'app' },
        inputArtifacts: [{ name: 'SourceArtifact' }],
      }),
    ],
  };
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

/** Creates a pipeline (which runs once) and moves time until its job waits for a worker. */
async function pipelineWithQueuedJob(name: string): Promise<void> {
  await emu.client.send(new CreatePipelineCommand({ pipeline: workerPipeline(name) }));
  await advance(60_000);
}

async function poll(): Promise<PolledJob> {
  const res = await gateway.query<{ pollForJobs: { jobs: PolledJob[] } }>(POLL, {
    input: { actionTypeId: WORKER_TYPE, maxBatchSize: 1 },
  });
  expect(res.errors).toBeUndefined();
  expect(res.data!.pollForJobs.jobs).toHaveLength(1);
  return res.data!.pollForJobs.jobs[0]!;
}

async function jobAction(name: string): Promise<{ status: string; summary: string } | undefined> {
  const res = await gateway.query<ActionsResult>(ACTIONS, { name });
  return res.data!.pipeline.stages.find((s) => s.name === 'Work')?.actions[0]?.latestExecution;
}

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(
    new CreateCustomActionTypeCommand({
      category: 'Build',
      provider: 'GraphWorker',
      version: '1',
      configurationProperties: [{ name: 'ProjectName', required: true, key: true, secret: false }],
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    }),
  );
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

describe('the job worker protocol over GraphQL', () => {
  it('polls, acknowledges and completes a job, and a warm pipeline query shows the action Succeeded', async () => {
    await pipelineWithQueuedJob('worked');
    expect((await jobAction('worked'))?.status).toBe('InProgress');

    const job = await poll();
    expect(job.data.pipelineContext).toEqual({
      pipelineName: 'worked',
      stage: { name: 'Work' },
      action: { name: 'Job' },
    });

    const ack = await gateway.query<{ acknowledgeJob: { status: string } }>(ACK, {
      input: { jobId: job.id, nonce: job.nonce },
    });
    expect(ack.errors).toBeUndefined();
    expect(ack.data!.acknowledgeJob.status).toBe('InProgress');

    const done = await gateway.query<{ putJobSuccessResult: { jobId: string; ok: boolean } }>(SUCCESS, {
      input: {
        jobId: job.id,
        currentRevision: { revision: 'r1', changeIdentifier: 'c1', created: '2024-06-01T12:00:00Z' },
        executionDetails: { summary: 'built by the graph', percentComplete: 100 },
        outputVariables: { BuildNumber: '42' },
      },
    });
    expect(done.errors).toBeUndefined();
    expect(done.data!.putJobSuccessResult).toEqual({ jobId: job.id, ok: true });
    expect(await jobAction('worked')).toEqual({ status: 'Succeeded', summary: 'built by the graph' });

    const again = await gateway.query(SUCCESS, { input: { jobId: job.id } });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'InvalidJobStateException',
      awsRequestId: expect.any(String),
    });
  });

  it('reports a job failed, and the action shows Failed at once', async () => {
    await pipelineWithQueuedJob('broken');
    expect((await jobAction('broken'))?.status).toBe('InProgress');
    const job = await poll();
    const res = await gateway.query<{ putJobFailureResult: { ok: boolean } }>(FAILURE, {
      input: { jobId: job.id, failureDetails: { type: 'JobFailed', message: 'tests failed' } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.putJobFailureResult.ok).toBe(true);
    expect((await jobAction('broken'))?.status).toBe('Failed');
  });

  it('refuses a wrong nonce as BAD_USER_INPUT', async () => {
    await pipelineWithQueuedJob('nonce-check');
    const job = await poll();
    const res = await gateway.query(ACK, { input: { jobId: job.id, nonce: `${job.nonce}0` } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidNonceException',
    });
  });

  it('reports an unknown job as NOT_FOUND', async () => {
    const res = await gateway.query(FAILURE, {
      input: {
        jobId: '00000000-0000-4000-8000-000000000000',
        failureDetails: { type: 'JobFailed', message: 'x' },
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'JobNotFoundException',
    });
  });

  it('returns no jobs when none is queued', async () => {
    const res = await gateway.query<{ pollForJobs: { jobs: PolledJob[] } }>(POLL, {
      input: { actionTypeId: WORKER_TYPE, maxBatchSize: 10 },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.pollForJobs.jobs).toEqual([]);
  });

  it.each([
    ['a batch size above 100', { actionTypeId: WORKER_TYPE, maxBatchSize: 101 }, 'maxBatchSize'],
    ['a type not owned by Custom', { actionTypeId: { ...WORKER_TYPE, owner: 'AWS' } }, 'actionTypeId'],
    [
      'a query with two properties',
      { actionTypeId: WORKER_TYPE, queryParam: { A: 'a', B: 'b' } },
      'queryParam',
    ],
  ])(
    'rejects %s as BAD_USER_INPUT naming the field, without calling CodePipeline',
    async (_, input, field) => {
      const res = await gateway.query(POLL, { input });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await emu.stats()).toEqual({});
    },
  );

  it('rejects output variables given with a continuation token, without calling CodePipeline', async () => {
    const res = await gateway.query(SUCCESS, {
      input: {
        jobId: '00000000-0000-4000-8000-000000000000',
        continuationToken: 'step-2',
        outputVariables: { X: '1' },
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'outputVariables' });
    expect(await emu.stats()).toEqual({});
  });
});
