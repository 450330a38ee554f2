import { PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  approval,
  approvalToken,
  declaration,
  firstExecution,
  insertPipeline,
  source,
  stage,
  uniqueName,
} from '../engine/fixtures';

describe('PutApprovalResult', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  async function waitingPipeline() {
    const name = uniqueName('appr');
    insertPipeline(emu, declaration(name, [stage('Source', [source()]), stage('Gate', [approval()])]));
    emu.advance(5_000);
    return { name, token: await approvalToken(emu, name, 'Gate', 'Approve') };
  }

  const put = (pipelineName: string, token: string, status: 'Approved' | 'Rejected', extra = {}) =>
    emu.client.send(
      new PutApprovalResultCommand({
        pipelineName,
        stageName: 'Gate',
        actionName: 'Approve',
        token,
        result: { status, summary: 'looks good' },
        ...extra,
      }),
    );

  it('waits for a person, then succeeds the action when approved', async () => {
    const { name, token } = await waitingPipeline();
    emu.advance(3_600_000);
    const exec = firstExecution(emu, name);
    expect(exec.status).toBe('InProgress');
    const out = await put(name, token, 'Approved');
    expect(out.approvedAt).toBeInstanceOf(Date);
    expect(exec.status).toBe('Succeeded');
    expect(exec.stages.get('Gate')?.actions[0]).toMatchObject({
      status: 'Succeeded',
      summary: 'looks good',
      updatedBy: 'arn:aws:iam::123456789012:user/emulator',
    });
  });

  it('fails the action and the execution when rejected', async () => {
    const { name, token } = await waitingPipeline();
    await put(name, token, 'Rejected');
    expect(firstExecution(emu, name).status).toBe('Failed');
  });

  it('refuses a wrong token and an approval already given', async () => {
    const { name, token } = await waitingPipeline();
    await expect(put(name, '11111111-2222-3333-4444-555555555555', 'Approved')).rejects.toMatchObject({
      name: 'InvalidApprovalTokenException',
    });
    await put(name, token, 'Approved');
    await expect(put(name, token, 'Approved')).rejects.toMatchObject({
      name: 'ApprovalAlreadyCompletedException',
    });
  });

  it('refuses unknown actions, stages and pipelines, and a summary over 512 characters', async () => {
    const { name, token } = await waitingPipeline();
    await expect(put(name, token, 'Approved', { actionName: 'Nope' })).rejects.toMatchObject({
      name: 'ActionNotFoundException',
    });
    await expect(put(name, token, 'Approved', { stageName: 'Nope' })).rejects.toMatchObject({
      name: 'StageNotFoundException',
    });
    await expect(put('missing', token, 'Approved')).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
    await expect(
      put(name, token, 'Approved', { result: { status: 'Approved', summary: 'x'.repeat(513) } }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
