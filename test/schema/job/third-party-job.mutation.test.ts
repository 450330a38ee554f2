import { CreatePipelineCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { ARTIFACT_STORE, ROLE_ARN, s3SourceAction, stage } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const PARTNER_TYPE = { category: 'Test', owner: 'ThirdParty', provider: 'BlazeMeter', version: '1' } as const;

const POLL = `mutation Poll($input: PollForThirdPartyJobsInput!) {
  pollForThirdPartyJobs(input: $input) { jobs { jobId clientId } }
}`;
const DETAILS = `query Details($jobId: String!, $clientToken: String!) {
  thirdPartyJobDetails(jobId: $jobId, clientToken: $clientToken) { nonce data { pipelineContext { pipelineName } } }
}`;
const ACK = `mutation Ack($input: AcknowledgeThirdPartyJobInput!) {
  acknowledgeThirdPartyJob(input: $input) { status }
}`;
const SUCCESS = `mutation Ok($input: PutThirdPartyJobSuccessResultInput!) {
  putThirdPartyJobSuccessResult(input: $input) { jobId ok }
}`;
const FAILURE = `mutation Ko($input: PutThirdPartyJobFailureResultInput!) {
  putThirdPartyJobFailureResult(input: $input) { jobId ok }
}`;
const ACTIONS = `query Actions($name: String!) {
  pipeline(name: $name) { stages { name actions { name latestExecution { status } } } }
}`;

interface PartnerJob {
  jobId: string;
  clientId: string;
}

interface ActionsResult {
  pipeline: { stages: { name: string; actions: { latestExecution: { status: string } }[] }[] };
}

function partnerPipeline(name: string): PipelineDeclaration {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    stages: [
      stage('Source', s3SourceAction()),
      stage('LoadTest', {
        name: 'BlazeMeter',
        actionTypeId: PARTNER_TYPE,
        runOrder: 1,
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

/** Creates a pipeline (which runs once), moves time until its partner job is queued, and polls it. */
async function polledJob(name: string): Promise<PartnerJob> {
  await emu.client.send(new CreatePipelineCommand({ pipeline: partnerPipeline(name) }));
  await advance(60_000);
  const res = await gateway.query<{ pollForThirdPartyJobs: { jobs: PartnerJob[] } }>(POLL, {
    input: { actionTypeId: PARTNER_TYPE, maxBatchSize: 1 },
  });
  expect(res.errors).toBeUndefined();
  expect(res.data!.pollForThirdPartyJobs.jobs).toHaveLength(1);
  return res.data!.pollForThirdPartyJobs.jobs[0]!;
}

async function partnerAction(name: string): Promise<string | undefined> {
  const res = await gateway.query<ActionsResult>(ACTIONS, { name });
  return res.data!.pipeline.stages.find((s) => s.name === 'LoadTest')?.actions[0]?.latestExecution?.status;
}

beforeAll(async () => {
  emu = await startTestEmulator();
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

describe('the partner job protocol over GraphQL', () => {
  it('polls, acknowledges and completes a partner job, and a warm pipeline query shows it Succeeded', async () => {
    const job = await polledJob('partnered');
    expect(await partnerAction('partnered')).toBe('InProgress');
    const details = await gateway.query<{ thirdPartyJobDetails: { nonce: string } }>(DETAILS, {
      jobId: job.jobId,
      clientToken: job.clientId,
    });
    const nonce = details.data!.thirdPartyJobDetails.nonce;

    const ack = await gateway.query<{ acknowledgeThirdPartyJob: { status: string } }>(ACK, {
      input: { jobId: job.jobId, clientToken: job.clientId, nonce },
    });
    expect(ack.errors).toBeUndefined();
    expect(ack.data!.acknowledgeThirdPartyJob.status).toBe('InProgress');

    const done = await gateway.query<{ putThirdPartyJobSuccessResult: { ok: boolean } }>(SUCCESS, {
      input: {
        jobId: job.jobId,
        clientToken: job.clientId,
        executionDetails: { summary: 'load test passed', externalExecutionId: 'master-1' },
      },
    });
    expect(done.errors).toBeUndefined();
    expect(done.data!.putThirdPartyJobSuccessResult.ok).toBe(true);
    expect(await partnerAction('partnered')).toBe('Succeeded');

    const again = await gateway.query(SUCCESS, { input: { jobId: job.jobId, clientToken: job.clientId } });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'InvalidJobStateException',
    });
  });

  it('reports a partner job failed, and the action shows Failed at once', async () => {
    const job = await polledJob('partner-fails');
    expect(await partnerAction('partner-fails')).toBe('InProgress');
    const res = await gateway.query(FAILURE, {
      input: {
        jobId: job.jobId,
        clientToken: job.clientId,
        failureDetails: { type: 'JobFailed', message: 'p99 above budget' },
      },
    });
    expect(res.errors).toBeUndefined();
    expect(await partnerAction('partner-fails')).toBe('Failed');
  });

  it('maps a wrong client token and a wrong nonce to BAD_USER_INPUT, and an unknown job to NOT_FOUND', async () => {
    const job = await polledJob('partner-errors');
    const wrongToken = await gateway.query(ACK, {
      input: { jobId: job.jobId, clientToken: 'someone-else', nonce: '1' },
    });
    expect(wrongToken.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidClientTokenException',
    });
    const wrongNonce = await gateway.query(ACK, {
      input: { jobId: job.jobId, clientToken: job.clientId, nonce: 'not-the-nonce' },
    });
    expect(wrongNonce.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidNonceException',
    });
    const unknown = await gateway.query(ACK, {
      input: { jobId: '00000000-0000-4000-8000-000000000000', clientToken: job.clientId, nonce: '1' },
    });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'JobNotFoundException',
    });
  });

  it('rejects a type not owned by ThirdParty as BAD_USER_INPUT without calling CodePipeline', async () => {
    const res = await gateway.query(POLL, { input: { actionTypeId: { ...PARTNER_TYPE, owner: 'Custom' } } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actionTypeId' });
    expect(await emu.stats()).toEqual({});
  });

  it('rejects an over-long failure message without calling CodePipeline', async () => {
    const res = await gateway.query(FAILURE, {
      input: {
        jobId: 'job',
        clientToken: 'token',
        failureDetails: { type: 'JobFailed', message: 'x'.repeat(5001) },
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'failureDetails.message',
    });
    expect(await emu.stats()).toEqual({});
  });
});
