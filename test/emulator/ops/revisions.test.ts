import { GetPipelineExecutionCommand, PutActionRevisionCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { insertPipeline, stageState, twoStage, uniqueName } from '../engine/fixtures';

describe('PutActionRevision', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  const put = (pipelineName: string, revisionId: string, extra = {}) =>
    emu.client.send(
      new PutActionRevisionCommand({
        pipelineName,
        stageName: 'Source',
        actionName: 'Source',
        actionRevision: {
          revisionId,
          revisionChangeId: 'change-1',
          created: new Date('2024-01-01T00:00:00Z'),
        },
        ...extra,
      }),
    );

  it('starts an execution for a new revision, which the source action then reports', async () => {
    const name = uniqueName('rev');
    insertPipeline(emu, twoStage(name));
    emu.advance(60_000);
    const out = await put(name, 'rev-123');
    expect(out.newRevision).toBe(true);
    emu.advance(60_000);
    const got = await emu.client.send(
      new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: out.pipelineExecutionId }),
    );
    expect(got.pipelineExecution?.trigger?.triggerType).toBe('PutActionRevision');
    expect(got.pipelineExecution?.artifactRevisions?.[0]).toMatchObject({
      revisionId: 'rev-123',
      revisionChangeIdentifier: 'change-1',
    });
    const src = await stageState(emu, name, 'Source');
    expect(src.actionStates?.[0]?.currentRevision).toMatchObject({
      revisionId: 'rev-123',
      revisionChangeId: 'change-1',
    });
    const again = await put(name, 'rev-123');
    expect(again).toMatchObject({ newRevision: false, pipelineExecutionId: out.pipelineExecutionId });
  });

  it('refuses unknown actions, stages and pipelines', async () => {
    const name = uniqueName('rev');
    insertPipeline(emu, twoStage(name));
    await expect(put(name, 'r', { actionName: 'Nope' })).rejects.toMatchObject({
      name: 'ActionNotFoundException',
    });
    await expect(put(name, 'r', { stageName: 'Nope' })).rejects.toMatchObject({
      name: 'StageNotFoundException',
    });
    await expect(put('missing', 'r')).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
  });
});
