import {
  AcknowledgeJobCommand,
  CreateCustomActionTypeCommand,
  CreatePipelineCommand,
  DeleteCustomActionTypeCommand,
  GetJobDetailsCommand,
  GetPipelineStateCommand,
  PollForJobsCommand,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { CUSTOM_TYPE, insertJob, recordEngineHandoff } from './job-fixtures';

async function createJenkinsType(emu: TestEmulator, queryable: boolean): Promise<void> {
  await emu.client.send(
    new CreateCustomActionTypeCommand({
      category: 'Build',
      provider: 'Jenkins',
      version: '1',
      configurationProperties: [{ name: 'ProjectName', required: true, key: true, secret: false, queryable }],
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    }),
  );
}

describe('custom job worker operations', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  beforeEach(async () => {
    emu.emulator.reset();
    await createJenkinsType(emu, false);
  });
  afterAll(async () => {
    await emu.close();
  });

  describe('PollForJobs', () => {
    it('hands out queued jobs oldest first, one by default, and marks them Dispatched', async () => {
      const first = insertJob(emu);
      const second = insertJob(emu);
      const out = await emu.client.send(new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE }));
      expect(out.jobs).toHaveLength(1);
      expect(out.jobs?.[0]).toMatchObject({
        id: first.id,
        nonce: first.nonce,
        accountId: '123456789012',
        data: {
          actionTypeId: CUSTOM_TYPE,
          actionConfiguration: { configuration: { ProjectName: 'app' } },
          pipelineContext: { pipelineName: 'my-pipeline', pipelineExecutionId: 'exec-1' },
          artifactCredentials: { accessKeyId: expect.stringMatching(/^ASIA/) },
        },
      });
      expect(first.status).toBe('Dispatched');
      expect(second.status).toBe('Queued');
      const next = await emu.client.send(
        new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE, maxBatchSize: 10 }),
      );
      expect(next.jobs?.map((j) => j.id)).toEqual([second.id]);
    });

    it('returns no jobs when none are queued', async () => {
      insertJob(emu, { status: 'InProgress' });
      const out = await emu.client.send(
        new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE, maxBatchSize: 5 }),
      );
      expect(out.jobs ?? []).toEqual([]);
    });

    it('raises ActionTypeNotFoundException for an unknown or deleted custom type', async () => {
      await expect(
        emu.client.send(new PollForJobsCommand({ actionTypeId: { ...CUSTOM_TYPE, provider: 'Other' } })),
      ).rejects.toMatchObject({ name: 'ActionTypeNotFoundException' });
      await emu.client.send(
        new DeleteCustomActionTypeCommand({ category: 'Build', provider: 'Jenkins', version: '1' }),
      );
      await expect(
        emu.client.send(new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE })),
      ).rejects.toMatchObject({
        name: 'ActionTypeNotFoundException',
      });
    });

    it('refuses action types that are not Custom-owned', async () => {
      await expect(
        emu.client.send(
          new PollForJobsCommand({
            actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('refuses a maxBatchSize below 1 and a queryParam for a type with no queryable property', async () => {
      await expect(
        emu.client.send(new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE, maxBatchSize: 0 })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(
        emu.client.send(
          new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE, queryParam: { ProjectName: 'app' } }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('returns only jobs matching the queryable property of the type', async () => {
      emu.emulator.reset();
      await createJenkinsType(emu, true);
      insertJob(emu, { configuration: { ProjectName: 'web' } });
      const api = insertJob(emu, { configuration: { ProjectName: 'api' } });
      await expect(
        emu.client.send(new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
      });
      const out = await emu.client.send(
        new PollForJobsCommand({
          actionTypeId: CUSTOM_TYPE,
          maxBatchSize: 10,
          queryParam: { ProjectName: 'api' },
        }),
      );
      expect(out.jobs?.map((j) => j.id)).toEqual([api.id]);
    });
  });

  describe('AcknowledgeJob', () => {
    it('moves a dispatched job to InProgress with the right nonce', async () => {
      const job = insertJob(emu, { status: 'Dispatched' });
      const out = await emu.client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
      expect(out.status).toBe('InProgress');
      expect(job.status).toBe('InProgress');
    });

    it('raises InvalidNonceException for a wrong nonce and JobNotFoundException for an unknown job', async () => {
      const job = insertJob(emu, { status: 'Dispatched' });
      await expect(
        emu.client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: 'wrong' })),
      ).rejects.toMatchObject({
        name: 'InvalidNonceException',
      });
      await expect(
        emu.client.send(
          new AcknowledgeJobCommand({ jobId: '00000000-0000-0000-0000-000000000000', nonce: '1' }),
        ),
      ).rejects.toMatchObject({ name: 'JobNotFoundException' });
    });

    it('refuses a job id that is not a UUID', async () => {
      await expect(
        emu.client.send(new AcknowledgeJobCommand({ jobId: 'job-1', nonce: '1' })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
      });
    });
  });

  describe('GetJobDetails', () => {
    it('returns the job data and account', async () => {
      const job = insertJob(emu, { status: 'InProgress' });
      const out = await emu.client.send(new GetJobDetailsCommand({ jobId: job.id }));
      expect(out.jobDetails).toMatchObject({
        id: job.id,
        accountId: '123456789012',
        data: { pipelineContext: { stage: { name: 'Build' } }, artifactCredentials: expect.any(Object) },
      });
    });

    it('raises JobNotFoundException for a third-party job id', async () => {
      const job = insertJob(emu, { kind: 'thirdParty' });
      await expect(emu.client.send(new GetJobDetailsCommand({ jobId: job.id }))).rejects.toMatchObject({
        name: 'JobNotFoundException',
      });
    });
  });

  describe('PutJobSuccessResult', () => {
    it('marks the job Succeeded and hands the result to the engine', async () => {
      const handoff = recordEngineHandoff(emu);
      const job = insertJob(emu, { status: 'InProgress' });
      await emu.client.send(
        new PutJobSuccessResultCommand({
          jobId: job.id,
          executionDetails: { summary: 'Built', externalExecutionId: 'build-42', percentComplete: 100 },
          outputVariables: { BuildNumber: '42' },
          currentRevision: { revision: 'abc', changeIdentifier: 'c1', created: new Date(0) },
        }),
      );
      expect(job.status).toBe('Succeeded');
      expect(handoff).toHaveBeenCalledWith(job, {
        status: 'Succeeded',
        summary: 'Built',
        externalExecutionId: 'build-42',
        percentComplete: 100,
        outputVariables: { BuildNumber: '42' },
      });
    });

    it('passes a continuation token on to the engine', async () => {
      const handoff = recordEngineHandoff(emu);
      const job = insertJob(emu, { status: 'Dispatched' });
      await emu.client.send(new PutJobSuccessResultCommand({ jobId: job.id, continuationToken: 'step-2' }));
      expect(handoff.mock.calls[0]?.[1]).toMatchObject({ status: 'Succeeded', continuationToken: 'step-2' });
    });

    it('refuses output variables together with a continuation token', async () => {
      const job = insertJob(emu, { status: 'InProgress' });
      await expect(
        emu.client.send(
          new PutJobSuccessResultCommand({
            jobId: job.id,
            continuationToken: 't',
            outputVariables: { A: '1' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('raises OutputVariablesSizeExceededException above 122880 characters', async () => {
      recordEngineHandoff(emu);
      const job = insertJob(emu, { status: 'InProgress' });
      await expect(
        emu.client.send(
          new PutJobSuccessResultCommand({ jobId: job.id, outputVariables: { Big: 'x'.repeat(122_880) } }),
        ),
      ).rejects.toMatchObject({ name: 'OutputVariablesSizeExceededException' });
      expect(job.status).toBe('InProgress');
    });

    it('raises InvalidJobStateException for a finished or never-polled job', async () => {
      const done = insertJob(emu, { status: 'Succeeded' });
      const queued = insertJob(emu);
      for (const job of [done, queued]) {
        await expect(
          emu.client.send(new PutJobSuccessResultCommand({ jobId: job.id })),
        ).rejects.toMatchObject({
          name: 'InvalidJobStateException',
        });
      }
    });

    it('raises JobNotFoundException for an unknown job', async () => {
      await expect(
        emu.client.send(new PutJobSuccessResultCommand({ jobId: '00000000-0000-0000-0000-000000000000' })),
      ).rejects.toMatchObject({ name: 'JobNotFoundException' });
    });
  });

  describe('PutJobFailureResult', () => {
    it('marks the job Failed and hands the failure to the engine', async () => {
      const handoff = recordEngineHandoff(emu);
      const job = insertJob(emu, { status: 'InProgress' });
      await emu.client.send(
        new PutJobFailureResultCommand({
          jobId: job.id,
          failureDetails: {
            type: 'JobFailed',
            message: 'Compilation failed',
            externalExecutionId: 'build-43',
          },
        }),
      );
      expect(job.status).toBe('Failed');
      expect(handoff).toHaveBeenCalledWith(job, {
        status: 'Failed',
        type: 'JobFailed',
        message: 'Compilation failed',
        externalExecutionId: 'build-43',
      });
    });

    it('refuses an unknown failure type and an empty message', async () => {
      const job = insertJob(emu, { status: 'InProgress' });
      await expect(
        emu.client.send(
          new PutJobFailureResultCommand({
            jobId: job.id,
            failureDetails: { type: 'Oops' as 'JobFailed', message: 'x' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(
        emu.client.send(
          new PutJobFailureResultCommand({
            jobId: job.id,
            failureDetails: { type: 'JobFailed', message: '' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('raises InvalidJobStateException for a job that already failed', async () => {
      const job = insertJob(emu, { status: 'Failed' });
      await expect(
        emu.client.send(
          new PutJobFailureResultCommand({
            jobId: job.id,
            failureDetails: { type: 'JobFailed', message: 'again' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidJobStateException' });
    });
  });
});

describe('a custom action run end to end', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('waits for a job worker and succeeds once the worker reports success', async () => {
    await createJenkinsType(emu, false);
    await emu.client.send(
      new CreatePipelineCommand({
        pipeline: {
          name: 'custom-pipeline',
          roleArn: 'arn:aws:iam::123456789012:role/pipeline',
          artifactStore: { type: 'S3', location: 'artifact-bucket' },
          stages: [
            {
              name: 'Source',
              actions: [
                {
                  name: 'Source',
                  actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
                  configuration: { S3Bucket: 'src', S3ObjectKey: 'app.zip' },
                  outputArtifacts: [{ name: 'App' }],
                },
              ],
            },
            {
              name: 'Build',
              actions: [
                {
                  name: 'Jenkins',
                  actionTypeId: CUSTOM_TYPE,
                  configuration: { ProjectName: 'app' },
                  inputArtifacts: [{ name: 'App' }],
                },
              ],
            },
          ],
        },
      }),
    );
    emu.advance(60_000);
    const polled = await emu.client.send(new PollForJobsCommand({ actionTypeId: CUSTOM_TYPE }));
    const job = polled.jobs?.[0];
    expect(job?.data?.pipelineContext).toMatchObject({
      pipelineName: 'custom-pipeline',
      stage: { name: 'Build' },
    });
    await emu.client.send(new AcknowledgeJobCommand({ jobId: job?.id, nonce: job?.nonce }));
    const waiting = await emu.client.send(new GetPipelineStateCommand({ name: 'custom-pipeline' }));
    expect(waiting.stageStates?.[1]?.actionStates?.[0]?.latestExecution?.status).toBe('InProgress');
    await emu.client.send(
      new PutJobSuccessResultCommand({ jobId: job?.id, executionDetails: { summary: 'Built by Jenkins' } }),
    );
    const state = await emu.client.send(new GetPipelineStateCommand({ name: 'custom-pipeline' }));
    const build = state.stageStates?.find((s) => s.stageName === 'Build');
    expect(build?.actionStates?.[0]?.latestExecution).toMatchObject({
      status: 'Succeeded',
      summary: 'Built by Jenkins',
    });
    expect(build?.latestExecution?.status).toBe('Succeeded');
  });
});
