import {
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  executions,
  firstExecution,
  insertPipeline,
  stageState,
  twoStage,
  uniqueName,
} from '../engine/fixtures';

describe('stage transition operations', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  const disable = (
    pipelineName: string,
    stageName: string,
    reason = 'Hold for tests',
    transitionType: 'Inbound' | 'Outbound' = 'Inbound',
  ) =>
    emu.client.send(new DisableStageTransitionCommand({ pipelineName, stageName, transitionType, reason }));
  const enable = (
    pipelineName: string,
    stageName: string,
    transitionType: 'Inbound' | 'Outbound' = 'Inbound',
  ) => emu.client.send(new EnableStageTransitionCommand({ pipelineName, stageName, transitionType }));

  it('holds executions before a disabled stage and releases them when enabled', async () => {
    const name = uniqueName();
    insertPipeline(emu, twoStage(name));
    await disable(name, 'Build');
    emu.advance(10_000);
    const exec = firstExecution(emu, name);
    const held = await stageState(emu, name, 'Build');
    expect(held.inboundTransitionState).toMatchObject({
      enabled: false,
      disabledReason: 'Hold for tests',
      lastChangedBy: 'arn:aws:iam::123456789012:user/emulator',
    });
    expect(held.inboundTransitionState?.lastChangedAt).toBeInstanceOf(Date);
    expect(held.inboundExecution).toMatchObject({
      pipelineExecutionId: exec.pipelineExecutionId,
      status: 'InProgress',
    });
    expect(held.latestExecution).toBeUndefined();
    await enable(name, 'Build');
    const released = await stageState(emu, name, 'Build');
    expect(released.inboundTransitionState?.enabled).toBe(true);
    expect(released.inboundExecution).toBeUndefined();
    expect(released.latestExecution?.status).toBe('InProgress');
    emu.advance(5_000);
    expect(exec.status).toBe('Succeeded');
  });

  it('keeps only the newest held execution in SUPERSEDED mode', async () => {
    const name = uniqueName();
    insertPipeline(emu, twoStage(name));
    await disable(name, 'Build');
    emu.advance(5_000);
    await emu.client.send(new StartPipelineExecutionCommand({ name }));
    emu.advance(5_000);
    expect(executions(emu, name).map((e) => e.status)).toEqual(['Superseded', 'InProgress']);
  });

  it('treats a stage’s outbound transition as the next stage’s inbound one', async () => {
    const name = uniqueName();
    insertPipeline(emu, twoStage(name));
    await disable(name, 'Source', 'Outbound hold', 'Outbound');
    emu.advance(10_000);
    expect((await stageState(emu, name, 'Build')).inboundTransitionState?.disabledReason).toBe(
      'Outbound hold',
    );
    await enable(name, 'Source', 'Outbound');
    await enable(name, 'Build', 'Outbound');
    expect((await stageState(emu, name, 'Build')).latestExecution?.status).toBe('InProgress');
  });

  it('refuses a malformed reason, an unknown stage and an unknown pipeline', async () => {
    const name = uniqueName();
    insertPipeline(emu, twoStage(name));
    await expect(disable(name, 'Build', 'bad#reason')).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(disable(name, 'Build', 'x'.repeat(301))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(disable(name, 'Nope')).rejects.toMatchObject({ name: 'StageNotFoundException' });
    await expect(enable('missing', 'Build')).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
  });
});
