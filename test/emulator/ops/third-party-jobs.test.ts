import {
  AcknowledgeThirdPartyJobCommand,
  GetThirdPartyJobDetailsCommand,
  PollForThirdPartyJobsCommand,
  PutThirdPartyJobFailureResultCommand,
  PutThirdPartyJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { THIRD_PARTY_TYPE, insertJob, recordEngineHandoff } from './job-fixtures';

describe('third-party job operations', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  beforeEach(() => emu.emulator.reset());
  afterAll(async () => {
    await emu.close();
  });

  describe('PollForThirdPartyJobs', () => {
    it('returns queued partner jobs with their client id and marks them Dispatched', async () => {
      const job = insertJob(emu, { kind: 'thirdParty' });
      insertJob(emu, { kind: 'custom' });
      const out = await emu.client.send(
        new PollForThirdPartyJobsCommand({ actionTypeId: THIRD_PARTY_TYPE, maxBatchSize: 5 }),
      );
      expect(out.jobs).toEqual([{ clientId: job.clientId, jobId: job.id }]);
      expect(job.status).toBe('Dispatched');
    });

    it('raises ActionTypeNotFoundException for an unknown partner type', async () => {
      await expect(
        emu.client.send(
          new PollForThirdPartyJobsCommand({ actionTypeId: { ...THIRD_PARTY_TYPE, provider: 'Nobody' } }),
        ),
      ).rejects.toMatchObject({ name: 'ActionTypeNotFoundException' });
    });

    it('refuses a type that is not ThirdParty-owned', async () => {
      await expect(
        emu.client.send(
          new PollForThirdPartyJobsCommand({
            actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });

  describe('GetThirdPartyJobDetails', () => {
    it('returns the data without pipeline ARN or execution id, and the nonce', async () => {
      const job = insertJob(emu, { kind: 'thirdParty', status: 'Dispatched' });
      const out = await emu.client.send(
        new GetThirdPartyJobDetailsCommand({ jobId: job.id, clientToken: job.clientToken }),
      );
      expect(out.jobDetails).toMatchObject({
        id: job.id,
        nonce: job.nonce,
        data: { actionTypeId: THIRD_PARTY_TYPE, pipelineContext: { pipelineName: 'my-pipeline' } },
      });
      expect(out.jobDetails?.data?.pipelineContext?.pipelineArn).toBeUndefined();
      expect(out.jobDetails?.data?.pipelineContext?.pipelineExecutionId).toBeUndefined();
    });

    it('accepts the client id handed out by the poll as the client token', async () => {
      const job = insertJob(emu, { kind: 'thirdParty', status: 'Dispatched' });
      const out = await emu.client.send(
        new GetThirdPartyJobDetailsCommand({ jobId: job.id, clientToken: job.clientId }),
      );
      expect(out.jobDetails?.id).toBe(job.id);
    });

    it('raises InvalidClientTokenException for a wrong token', async () => {
      const job = insertJob(emu, { kind: 'thirdParty', status: 'Dispatched' });
      await expect(
        emu.client.send(new GetThirdPartyJobDetailsCommand({ jobId: job.id, clientToken: 'wrong' })),
      ).rejects.toMatchObject({ name: 'InvalidClientTokenException' });
    });

    it('raises InvalidJobException for a job not yet handed to a partner', async () => {
      const job = insertJob(emu, { kind: 'thirdParty' });
      await expect(
        emu.client.send(new GetThirdPartyJobDetailsCommand({ jobId: job.id, clientToken: job.clientToken })),
      ).rejects.toMatchObject({ name: 'InvalidJobException' });
    });

    it('raises JobNotFoundException for a custom job id', async () => {
      const job = insertJob(emu, { kind: 'custom', status: 'Dispatched' });
      await expect(
        emu.client.send(new GetThirdPartyJobDetailsCommand({ jobId: job.id, clientToken: 'any' })),
      ).rejects.toMatchObject({ name: 'JobNotFoundException' });
    });
  });

  describe('AcknowledgeThirdPartyJob', () => {
    it('moves the job to InProgress with the right nonce and token', async () => {
      const job = insertJob(emu, { kind: 'thirdParty', status: 'Dispatched' });
      const out = await emu.client.send(
        new AcknowledgeThirdPartyJobCommand({
          jobId: job.id,
          nonce: job.nonce,
          clientToken: job.clientToken,
        }),
      );
      expect(out.status).toBe('InProgress');
      expect(job.status).toBe('InProgress');
    });

    it('raises InvalidNonceException for a wrong nonce and InvalidClientTokenException for a wrong token', async () => {
      const job = insertJob(emu, { kind: 'thirdParty', status: 'Dispatched' });
      await expect(
        emu.client.send(
          new AcknowledgeThirdPartyJobCommand({ jobId: job.id, nonce: 'no', clientToken: job.clientToken }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidNonceException' });
      await expect(
        emu.client.send(
          new AcknowledgeThirdPartyJobCommand({ jobId: job.id, nonce: job.nonce, clientToken: 'no' }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidClientTokenException' });
    });
  });

  describe('PutThirdPartyJobSuccessResult', () => {
    it('marks the job Succeeded and hands the result to the engine', async () => {
      const handoff = recordEngineHandoff(emu);
      const job = insertJob(emu, { kind: 'thirdParty', status: 'InProgress' });
      await emu.client.send(
        new PutThirdPartyJobSuccessResultCommand({
          jobId: job.id,
          clientToken: job.clientToken,
          executionDetails: { summary: 'Load test passed', percentComplete: 100 },
        }),
      );
      expect(job.status).toBe('Succeeded');
      expect(handoff.mock.calls[0]?.[1]).toMatchObject({ status: 'Succeeded', summary: 'Load test passed' });
    });

    it('raises InvalidJobStateException for a finished job and InvalidClientTokenException for a wrong token', async () => {
      const done = insertJob(emu, { kind: 'thirdParty', status: 'Succeeded' });
      await expect(
        emu.client.send(
          new PutThirdPartyJobSuccessResultCommand({ jobId: done.id, clientToken: done.clientToken }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidJobStateException' });
      const open = insertJob(emu, { kind: 'thirdParty', status: 'InProgress' });
      await expect(
        emu.client.send(new PutThirdPartyJobSuccessResultCommand({ jobId: open.id, clientToken: 'wrong' })),
      ).rejects.toMatchObject({ name: 'InvalidClientTokenException' });
    });
  });

  describe('PutThirdPartyJobFailureResult', () => {
    it('marks the job Failed and hands the failure to the engine', async () => {
      const handoff = recordEngineHandoff(emu);
      const job = insertJob(emu, { kind: 'thirdParty', status: 'InProgress' });
      await emu.client.send(
        new PutThirdPartyJobFailureResultCommand({
          jobId: job.id,
          clientToken: job.clientToken,
          failureDetails: { type: 'ConfigurationError', message: 'No test configured' },
        }),
      );
      expect(job.status).toBe('Failed');
      expect(handoff).toHaveBeenCalledWith(
        job,
        expect.objectContaining({ status: 'Failed', type: 'ConfigurationError' }),
      );
    });

    it('raises JobNotFoundException for an unknown job', async () => {
      await expect(
        emu.client.send(
          new PutThirdPartyJobFailureResultCommand({
            jobId: 'missing',
            clientToken: 't',
            failureDetails: { type: 'JobFailed', message: 'x' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'JobNotFoundException' });
    });
  });
});
