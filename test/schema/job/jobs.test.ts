import { randomUUID } from 'node:crypto';
import {
  type ActionTypeId,
  CreateCustomActionTypeCommand,
  CreatePipelineCommand,
  type Job,
  PollForJobsCommand,
  PollForThirdPartyJobsCommand,
  type ThirdPartyJob,
} from '@aws-sdk/client-codepipeline';
import { ARTIFACT_STORE, ROLE_ARN, s3SourceAction, stage } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const CUSTOM_TYPE: ActionTypeId = { category: 'Build', owner: 'Custom', provider: 'Jenkins', version: '1' };
/** A partner type of the emulator's built-in catalog. */
const THIRD_PARTY_TYPE: ActionTypeId = {
  category: 'Test',
  owner: 'ThirdParty',
  provider: 'BlazeMeter',
  version: '1',
};

const JOB_DATA = `
  actionTypeId { category owner provider version }
  actionConfiguration { configuration }
  pipelineContext { pipelineName pipelineArn pipelineExecutionId stage { name } action { name actionExecutionId } }
  inputArtifacts { name revision location { type s3Location { bucketName objectKey } } }
  outputArtifacts { name }
  artifactCredentials { accessKeyId }`;

interface JobDataView {
  actionTypeId: ActionTypeId;
  actionConfiguration: { configuration: Record<string, string> | null } | null;
  pipelineContext: {
    pipelineName: string;
    pipelineArn: string | null;
    pipelineExecutionId: string | null;
    stage: { name: string };
    action: { name: string; actionExecutionId: string | null };
  };
  inputArtifacts: {
    name: string;
    revision: string | null;
    location: { type: string; s3Location: { bucketName: string; objectKey: string } };
  }[];
  outputArtifacts: { name: string }[];
  artifactCredentials: { accessKeyId: string } | null;
}

function pipelineWith(
  name: string,
  actionName: string,
  actionTypeId: ActionTypeId,
  configuration?: Record<string, string>,
) {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    stages: [
      stage('Source', s3SourceAction()),
      stage(actionName, {
        name: actionName,
        actionTypeId,
        runOrder: 1,
        configuration,
        inputArtifacts: [{ name: 'SourceArtifact' }],
      }),
    ],
  };
}

describe('job details in the graph', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;
  let customJob: Job;
  let partnerJob: ThirdPartyJob;

  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.client.send(
      new CreateCustomActionTypeCommand({
        category: 'Build',
        provider: 'Jenkins',
        version: '1',
        configurationProperties: [{ name: 'ProjectName', required: true, key: true, secret: false }],
        inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      }),
    );
    await emu.client.send(
      new CreatePipelineCommand({
        pipeline: pipelineWith('jenkins-pipeline', 'Jenkins', CUSTOM_TYPE, { ProjectName: 'app' }),
      }),
    );
    await emu.client.send(
      new CreatePipelineCommand({ pipeline: pipelineWith('load-tested', 'LoadTest', THIRD_PARTY_TYPE) }),
    );
    emu.advance(60_000);
    const polled = await emu.client.send(new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE }));
    expect(polled.jobs).toHaveLength(1);
    customJob = polled.jobs![0]!;
    const partner = await emu.client.send(
      new PollForThirdPartyJobsCommand({ actionTypeId: THIRD_PARTY_TYPE }),
    );
    expect(partner.jobs).toHaveLength(1);
    partnerJob = partner.jobs![0]!;
    gateway = await startTestGateway(emu.url);
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  describe('jobDetails', () => {
    it('shows a polled custom job: its action type, pipeline context and input artifacts', async () => {
      const res = await gateway.query<{ jobDetails: { id: string; accountId: string; data: JobDataView } }>(
        `query J($jobId: String!) { jobDetails(jobId: $jobId) { id accountId data { ${JOB_DATA} } } }`,
        { jobId: customJob.id },
      );
      expect(res.errors).toBeUndefined();
      const details = res.data!.jobDetails;
      expect(details).toMatchObject({
        id: customJob.id,
        accountId: '123456789012',
        data: {
          actionTypeId: CUSTOM_TYPE,
          actionConfiguration: { configuration: { ProjectName: 'app' } },
          pipelineContext: {
            pipelineName: 'jenkins-pipeline',
            pipelineArn: 'arn:aws:codepipeline:us-east-1:123456789012:jenkins-pipeline',
            pipelineExecutionId: customJob.data?.pipelineContext?.pipelineExecutionId,
            stage: { name: 'Jenkins' },
            action: { name: 'Jenkins', actionExecutionId: expect.any(String) },
          },
          inputArtifacts: [
            {
              name: 'SourceArtifact',
              location: {
                type: 'S3',
                s3Location: { bucketName: ARTIFACT_STORE.location, objectKey: expect.any(String) },
              },
            },
          ],
          outputArtifacts: [],
          artifactCredentials: { accessKeyId: expect.stringMatching(/^ASIA/) },
        },
      });
      expect(details.data.inputArtifacts[0]?.location.s3Location.objectKey).toBe(
        customJob.data?.inputArtifacts?.[0]?.location?.s3Location?.objectKey,
      );
    });

    it('asks CodePipeline again on every request: jobs are never cached', async () => {
      await emu.admin('/_emulator/stats/reset', {});
      const query = 'query J($jobId: String!) { jobDetails(jobId: $jobId) { id } }';
      await gateway.query(query, { jobId: customJob.id });
      await gateway.query(query, { jobId: customJob.id });
      expect(await emu.stats()).toEqual({ GetJobDetails: 2 });
    });

    it('answers null for a job id that names no job', async () => {
      const res = await gateway.query('query J($jobId: String!) { jobDetails(jobId: $jobId) { id } }', {
        jobId: randomUUID(),
      });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ jobDetails: null });
    });

    it.each(['not-a-job', 'f47ac10b-58cc-4372-a567', 'f47ac10b-58cc-4372-a567-0e02b2c3d479x'])(
      'rejects the malformed job id %p as BAD_USER_INPUT without calling CodePipeline',
      async (jobId) => {
        await emu.admin('/_emulator/stats/reset', {});
        const res = await gateway.query('query J($jobId: String!) { jobDetails(jobId: $jobId) { id } }', {
          jobId,
        });
        expect(res.data).toEqual({ jobDetails: null });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jobId' });
        expect(await emu.stats()).toEqual({});
      },
    );
  });

  describe('thirdPartyJobDetails', () => {
    const QUERY = `query T($jobId: String!, $clientToken: String!) {
      thirdPartyJobDetails(jobId: $jobId, clientToken: $clientToken) { id nonce data { ${JOB_DATA} } }
    }`;

    it('shows a polled partner job to the partner holding its client token', async () => {
      const res = await gateway.query<{
        thirdPartyJobDetails: { id: string; nonce: string; data: JobDataView };
      }>(QUERY, { jobId: partnerJob.jobId, clientToken: partnerJob.clientId });
      expect(res.errors).toBeUndefined();
      const details = res.data!.thirdPartyJobDetails;
      expect(details).toMatchObject({
        id: partnerJob.jobId,
        nonce: expect.stringMatching(/\S/),
        data: {
          actionTypeId: THIRD_PARTY_TYPE,
          pipelineContext: {
            pipelineName: 'load-tested',
            stage: { name: 'LoadTest' },
            action: { name: 'LoadTest' },
          },
          inputArtifacts: [{ name: 'SourceArtifact', location: { type: 'S3' } }],
        },
      });
      // Partners are not told the pipeline ARN or the execution id.
      expect(details.data.pipelineContext.pipelineArn).toBeNull();
      expect(details.data.pipelineContext.pipelineExecutionId).toBeNull();
    });

    it('answers null for a job id that names no job', async () => {
      const res = await gateway.query(QUERY, { jobId: randomUUID(), clientToken: 'any-token' });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ thirdPartyJobDetails: null });
    });

    it('rejects a wrong client token as BAD_USER_INPUT', async () => {
      const res = await gateway.query(QUERY, { jobId: partnerJob.jobId, clientToken: 'not-the-token' });
      expect(res.data).toEqual({ thirdPartyJobDetails: null });
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        awsErrorName: 'InvalidClientTokenException',
      });
    });

    it('rejects a malformed job id or an empty client token as BAD_USER_INPUT without calling CodePipeline', async () => {
      await emu.admin('/_emulator/stats/reset', {});
      const badId = await gateway.query(QUERY, { jobId: 'job-1', clientToken: partnerJob.clientId });
      expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jobId' });
      const badToken = await gateway.query(QUERY, { jobId: partnerJob.jobId, clientToken: '' });
      expect(badToken.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'clientToken',
      });
      expect(await emu.stats()).toEqual({});
    });
  });
});
