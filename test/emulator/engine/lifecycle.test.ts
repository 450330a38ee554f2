import { DeletePipelineCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { firstExecution, insertPipeline, twoStage, uniqueName } from './fixtures';

describe('simulation engine: pipeline lifecycle', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  it('forgets the executions, history, jobs and start tokens of a deleted pipeline', async () => {
    const name = uniqueName('gone');
    insertPipeline(emu, twoStage(name));
    emu.advance(60_000);
    const id = firstExecution(emu, name).pipelineExecutionId;
    emu.emulator.state.startTokens.set(`${name}\u0000tok`, id);
    await emu.client.send(new DeletePipelineCommand({ name }));
    expect(emu.emulator.state.executions.has(id)).toBe(false);
    expect(emu.emulator.state.actionExecutions.some((r) => r.pipelineName === name)).toBe(false);
    expect(emu.emulator.state.startTokens.size).toBe(0);
    await expect(
      emu.client.send(new ListActionExecutionsCommand({ pipelineName: name })),
    ).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
  });

  it('keeps running old executions on their version after an update while new ones use the new version', () => {
    const name = uniqueName('upd');
    const record = insertPipeline(emu, twoStage(name));
    const old = firstExecution(emu, name);
    record.versions.push({ ...twoStage(name), version: 2 });
    emu.emulator.engine.pipelineUpdated(record);
    const fresh = emu.emulator.engine.startExecution(record, {
      trigger: { triggerType: 'StartPipelineExecution' },
    });
    expect(old.pipelineVersion).toBe(1);
    expect(fresh.pipelineVersion).toBe(2);
    emu.advance(60_000);
    expect(old.status).toBe('Succeeded');
    expect(fresh.status).toBe('Succeeded');
  });
});
