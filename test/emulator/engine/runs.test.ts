import { GetPipelineExecutionCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  declaration,
  firstExecution,
  insertPipeline,
  source,
  stage,
  stageState,
  timed,
  twoStage,
  uniqueName,
} from './fixtures';

describe('simulation engine: a run from start to end', () => {
  let emu: TestEmulator;

  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0, defaultActionDurationMs: 5_000 });
  });
  afterAll(() => emu.close());

  it('starts a created pipeline at once and runs it stage by stage to Succeeded', async () => {
    const name = uniqueName();
    insertPipeline(emu, twoStage(name));
    const exec = firstExecution(emu, name);
    expect(exec.trigger.triggerType).toBe('CreatePipeline');
    expect((await stageState(emu, name, 'Source')).latestExecution?.status).toBe('InProgress');
    expect((await stageState(emu, name, 'Build')).latestExecution).toBeUndefined();

    emu.advance(5_000);
    expect((await stageState(emu, name, 'Source')).latestExecution?.status).toBe('Succeeded');
    expect((await stageState(emu, name, 'Build')).latestExecution?.status).toBe('InProgress');

    emu.advance(5_000);
    const out = await emu.client.send(
      new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: exec.pipelineExecutionId }),
    );
    expect(out.pipelineExecution?.status).toBe('Succeeded');
    expect(out.pipelineExecution?.artifactRevisions?.[0]?.revisionId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('plays a whole run in one big advance with completion times equal to the deadlines', async () => {
    const name = uniqueName();
    insertPipeline(
      emu,
      declaration(name, [
        stage('Source', [source('Source', { EmulatorDurationMs: '1000' })]),
        stage('Build', [timed('Build', { EmulatorDurationMs: '2000' })]),
        stage('Deploy', [timed('Deploy', { EmulatorDurationMs: '3000' }, {}, 'Deploy')]),
      ]),
    );
    const exec = firstExecution(emu, name);
    const t0 = exec.startTime.getTime();
    emu.advance(60_000);
    expect(exec.status).toBe('Succeeded');
    const runs = (await emu.client.send(new ListActionExecutionsCommand({ pipelineName: name })))
      .actionExecutionDetails!;
    const byName = Object.fromEntries(runs.map((r) => [r.actionName, r]));
    expect(byName.Source?.lastUpdateTime?.getTime()).toBe(t0 + 1000);
    expect(byName.Build?.startTime?.getTime()).toBe(t0 + 1000);
    expect(byName.Build?.lastUpdateTime?.getTime()).toBe(t0 + 3000);
    expect(byName.Deploy?.lastUpdateTime?.getTime()).toBe(t0 + 6000);
    expect(exec.lastUpdateTime.getTime()).toBe(t0 + 6000);
  });

  it('runs actions with the same runOrder in parallel and the next runOrder after them', async () => {
    const name = uniqueName();
    insertPipeline(
      emu,
      declaration(name, [
        stage('Source', [source('Source', { EmulatorDurationMs: '0' })]),
        stage('Build', [
          timed('A', { EmulatorDurationMs: '1000' }, { runOrder: 1 }),
          timed('B', { EmulatorDurationMs: '3000' }, { runOrder: 1 }),
          timed('C', { EmulatorDurationMs: '1000' }, { runOrder: 2 }),
        ]),
      ]),
    );
    const t0 = firstExecution(emu, name).startTime.getTime();
    emu.advance(10_000);
    const runs = (await emu.client.send(new ListActionExecutionsCommand({ pipelineName: name })))
      .actionExecutionDetails!;
    const start = (n: string) => runs.find((r) => r.actionName === n)?.startTime?.getTime();
    expect(start('A')).toBe(t0);
    expect(start('B')).toBe(t0);
    expect(start('C')).toBe(t0 + 3000);
  });

  it('fails the stage and the execution when an action is forced to fail, and runs no later stage', async () => {
    const name = uniqueName();
    insertPipeline(
      emu,
      declaration(name, [
        stage('Source', [source()]),
        stage('Build', [timed('Build', { EmulatorOutcome: 'Failed' })]),
        stage('Deploy', [timed('Deploy', {}, {}, 'Deploy')]),
      ]),
    );
    emu.advance(30_000);
    const exec = firstExecution(emu, name);
    expect(exec.status).toBe('Failed');
    const build = await stageState(emu, name, 'Build');
    expect(build.latestExecution?.status).toBe('Failed');
    expect(build.actionStates?.[0]?.latestExecution).toMatchObject({
      status: 'Failed',
      errorDetails: { code: 'JobFailed' },
    });
    expect((await stageState(emu, name, 'Deploy')).latestExecution).toBeUndefined();
  });

  it('lets a failed action’s parallel siblings finish before failing the stage', async () => {
    const name = uniqueName();
    insertPipeline(
      emu,
      declaration(name, [
        stage('Source', [source('Source', { EmulatorDurationMs: '0' })]),
        stage('Build', [
          timed('Fast', { EmulatorDurationMs: '1000', EmulatorOutcome: 'Failed' }),
          timed('Slow', { EmulatorDurationMs: '4000' }),
        ]),
      ]),
    );
    emu.advance(2_000);
    const exec = firstExecution(emu, name);
    expect(exec.status).toBe('InProgress');
    emu.advance(2_000);
    expect(exec.status).toBe('Failed');
    expect(exec.stages.get('Build')?.actions.find((a) => a.actionName === 'Slow')?.status).toBe('Succeeded');
  });
});

describe('simulation engine: failure rates', () => {
  it('draws failures from the injected random source', async () => {
    const emu = await startTestEmulator({ clockSpeed: 0, random: () => 0.1 });
    try {
      const name = uniqueName('rate');
      insertPipeline(
        emu,
        declaration(name, [
          stage('Source', [source('Source', { EmulatorFailureRate: '0.05' })]),
          stage('Build', [timed('Build', { EmulatorFailureRate: '0.5' })]),
        ]),
      );
      emu.advance(60_000);
      const exec = firstExecution(emu, name);
      expect(exec.stages.get('Source')?.status).toBe('Succeeded');
      expect(exec.stages.get('Build')?.status).toBe('Failed');
    } finally {
      await emu.close();
    }
  });
});
