import {
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  RetryStageExecutionCommand,
  RollbackStageCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  approval,
  declaration,
  executions,
  firstExecution,
  insertPipeline,
  pipelineState,
  source,
  stage,
  stageState,
  timed,
  twoStage,
  uniqueName,
} from '../engine/fixtures';

const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

describe('execution operations', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  const start = (name: string, extra = {}) =>
    emu.client.send(new StartPipelineExecutionCommand({ name, ...extra }));

  describe('StartPipelineExecution', () => {
    it('starts an execution triggered by the caller and runs it', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name));
      const { pipelineExecutionId } = await start(name);
      const got = await emu.client.send(
        new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId }),
      );
      expect(got.pipelineExecution).toMatchObject({
        pipelineName: name,
        pipelineVersion: 1,
        status: 'InProgress',
        executionMode: 'SUPERSEDED',
        executionType: 'STANDARD',
        trigger: {
          triggerType: 'StartPipelineExecution',
          triggerDetail: 'arn:aws:iam::123456789012:user/emulator',
        },
      });
    });

    it('returns the same execution for a repeated clientRequestToken', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name));
      const a = await start(name, { clientRequestToken: 'token-1' });
      const b = await start(name, { clientRequestToken: 'token-1' });
      expect(b.pipelineExecutionId).toBe(a.pipelineExecutionId);
      expect(executions(emu, name)).toHaveLength(2); // the CreatePipeline run and one started run
    });

    it('resolves declared variables with defaults and refuses undeclared ones', async () => {
      const name = uniqueName();
      insertPipeline(
        emu,
        twoStage(name, {
          pipelineType: 'V2',
          variables: [
            { name: 'env', defaultValue: 'dev' },
            { name: 'region', defaultValue: 'eu' },
          ],
        }),
      );
      const { pipelineExecutionId } = await start(name, { variables: [{ name: 'env', value: 'prod' }] });
      const got = await emu.client.send(
        new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId }),
      );
      expect(got.pipelineExecution?.variables).toEqual([
        { name: 'env', resolvedValue: 'prod' },
        { name: 'region', resolvedValue: 'eu' },
      ]);
      await expect(start(name, { variables: [{ name: 'nope', value: 'x' }] })).rejects.toMatchObject({
        name: 'ValidationException',
      });
    });

    it('uses a source revision override as the execution’s source revision', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name));
      const sha = 'a'.repeat(40);
      const { pipelineExecutionId } = await start(name, {
        sourceRevisions: [{ actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: sha }],
      });
      emu.advance(60_000);
      const got = await emu.client.send(
        new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId }),
      );
      expect(got.pipelineExecution?.artifactRevisions?.[0]?.revisionId).toBe(sha);
      await expect(
        start(name, {
          sourceRevisions: [{ actionName: 'Build', revisionType: 'COMMIT_ID', revisionValue: sha }],
        }),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('refuses an unknown pipeline and a malformed name', async () => {
      await expect(start('missing')).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
      await expect(start('bad name!')).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('starts the first execution of a pipeline made through CreatePipeline', async () => {
      const name = uniqueName('created');
      const pipeline = declaration(name, [
        stage('Source', [source()]),
        stage('Build', [timed('Build', { ProjectName: 'my-project' })]),
      ]);
      await emu.client.send(new CreatePipelineCommand({ pipeline }));
      const list = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
      expect(list.pipelineExecutionSummaries).toHaveLength(1);
      expect(list.pipelineExecutionSummaries?.[0]?.trigger?.triggerType).toBe('CreatePipeline');
      emu.advance(60_000);
      const done = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
      expect(done.pipelineExecutionSummaries?.[0]?.status).toBe('Succeeded');
    });
  });

  describe('GetPipelineExecution and ListPipelineExecutions', () => {
    it('refuses an unknown execution id', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name));
      await expect(
        emu.client.send(
          new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: UNKNOWN_ID }),
        ),
      ).rejects.toMatchObject({ name: 'PipelineExecutionNotFoundException' });
    });

    it('lists executions newest first, in pages, and filters on a stage they succeeded in', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name, { pipelineType: 'V2', executionMode: 'PARALLEL' }));
      emu.advance(60_000);
      const second = await start(name);
      const third = await start(name);
      const page1 = await emu.client.send(
        new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 2 }),
      );
      expect(page1.pipelineExecutionSummaries?.map((s) => s.pipelineExecutionId)).toEqual([
        third.pipelineExecutionId,
        second.pipelineExecutionId,
      ]);
      const page2 = await emu.client.send(
        new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 2, nextToken: page1.nextToken }),
      );
      expect(page2.pipelineExecutionSummaries).toHaveLength(1);
      expect(page2.nextToken).toBeUndefined();
      const succeeded = await emu.client.send(
        new ListPipelineExecutionsCommand({
          pipelineName: name,
          filter: { succeededInStage: { stageName: 'Build' } },
        }),
      );
      expect(succeeded.pipelineExecutionSummaries?.map((s) => s.status)).toEqual(['Succeeded']);
      await expect(
        emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name, nextToken: 'forged' })),
      ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
      await expect(
        emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 101 })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });

  describe('GetPipelineState', () => {
    it('shows every declared stage and action, with revisions once the source ran', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name));
      emu.advance(5_000);
      const state = await pipelineState(emu, name);
      expect(state).toMatchObject({ pipelineName: name, pipelineVersion: 1 });
      expect(state.created).toBeInstanceOf(Date);
      expect(state.stageStates?.map((s) => s.stageName)).toEqual(['Source', 'Build']);
      const [src, build] = state.stageStates!;
      expect(src?.inboundTransitionState).toEqual({ enabled: true });
      expect(src?.latestExecution).toMatchObject({ status: 'Succeeded', type: 'STANDARD' });
      expect(src?.actionStates?.[0]?.currentRevision?.revisionId).toMatch(/^[0-9a-f]{40}$/);
      expect(build?.actionStates?.[0]).toMatchObject({
        actionName: 'Build',
        latestExecution: { status: 'InProgress', percentComplete: 0 },
      });
      expect(build?.actionStates?.[0]?.latestExecution?.actionExecutionId).toBeTruthy();
      await expect(pipelineState(emu, 'missing')).rejects.toMatchObject({
        name: 'PipelineNotFoundException',
      });
    });
  });

  describe('StopPipelineExecution', () => {
    const stop = (pipelineName: string, pipelineExecutionId: string, abandon?: boolean) =>
      emu.client.send(
        new StopPipelineExecutionCommand({ pipelineName, pipelineExecutionId, abandon, reason: 'r' }),
      );

    it('stops after running actions finish, and refuses a second stop-and-wait', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name));
      const exec = firstExecution(emu, name);
      await stop(name, exec.pipelineExecutionId);
      expect(exec.status).toBe('Stopping');
      await expect(stop(name, exec.pipelineExecutionId)).rejects.toMatchObject({
        name: 'DuplicatedStopRequestException',
      });
      emu.advance(5_000);
      expect(exec.status).toBe('Stopped');
      expect(exec.stages.get('Source')?.actions[0]?.status).toBe('Succeeded');
      expect(exec.stages.has('Build')).toBe(false);
      const list = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
      expect(list.pipelineExecutionSummaries?.[0]?.stopTrigger).toEqual({ reason: 'r' });
      await expect(stop(name, exec.pipelineExecutionId)).rejects.toMatchObject({
        name: 'PipelineExecutionNotStoppableException',
      });
    });

    it('abandons running actions at once with abandon', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name));
      const exec = firstExecution(emu, name);
      await stop(name, exec.pipelineExecutionId, true);
      expect(exec.status).toBe('Stopped');
      const src = await stageState(emu, name, 'Source');
      expect(src.latestExecution?.status).toBe('Stopped');
      expect(src.actionStates?.[0]?.latestExecution?.status).toBe('Abandoned');
    });

    it('abandons an execution already stopping and waiting on an approval', async () => {
      const name = uniqueName();
      insertPipeline(emu, declaration(name, [stage('Source', [source()]), stage('Gate', [approval()])]));
      emu.advance(5_000);
      const exec = firstExecution(emu, name);
      await stop(name, exec.pipelineExecutionId);
      emu.advance(600_000);
      expect(exec.status).toBe('Stopping');
      await stop(name, exec.pipelineExecutionId, true);
      expect(exec.status).toBe('Stopped');
    });

    it('refuses an unknown pipeline', async () => {
      await expect(stop('missing', UNKNOWN_ID)).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
    });
  });

  describe('RetryStageExecution', () => {
    function failing(name: string) {
      return declaration(
        name,
        [
          stage('Source', [source()]),
          stage('Build', [
            timed('Ok', { EmulatorDurationMs: '1000' }),
            timed('Flaky', { EmulatorOutcome: '#{variables.outcome}', EmulatorDurationMs: '1000' }),
          ]),
        ],
        { pipelineType: 'V2', variables: [{ name: 'outcome', defaultValue: 'Failed' }] },
      );
    }
    const retry = (
      pipelineName: string,
      pipelineExecutionId: string,
      retryMode: 'FAILED_ACTIONS' | 'ALL_ACTIONS',
      stageName = 'Build',
    ) =>
      emu.client.send(
        new RetryStageExecutionCommand({ pipelineName, stageName, pipelineExecutionId, retryMode }),
      );

    it('reruns only the failed actions with FAILED_ACTIONS and records the manual retry', async () => {
      const name = uniqueName();
      insertPipeline(emu, failing(name));
      emu.advance(60_000);
      const exec = firstExecution(emu, name);
      expect(exec.status).toBe('Failed');
      const out = await retry(name, exec.pipelineExecutionId, 'FAILED_ACTIONS');
      expect(out.pipelineExecutionId).toBe(exec.pipelineExecutionId);
      expect(exec.status).toBe('InProgress');
      const build = await stageState(emu, name, 'Build');
      expect(build.retryStageMetadata).toMatchObject({
        manualStageRetryAttempt: 1,
        latestRetryTrigger: 'ManualStageRetry',
      });
      expect(exec.stages.get('Build')?.actions.map((a) => `${a.actionName}:${a.status}`)).toEqual([
        'Ok:Succeeded',
        'Flaky:InProgress',
      ]);
    });

    it('reruns every action with ALL_ACTIONS', async () => {
      const name = uniqueName();
      insertPipeline(emu, failing(name));
      emu.advance(60_000);
      const exec = firstExecution(emu, name);
      await retry(name, exec.pipelineExecutionId, 'ALL_ACTIONS');
      expect(exec.stages.get('Build')?.actions.map((a) => a.status)).toEqual(['InProgress', 'InProgress']);
    });

    it('refuses stages that did not fail, executions that are not the latest, and unknown stages', async () => {
      const name = uniqueName();
      insertPipeline(emu, failing(name));
      emu.advance(60_000);
      const first = firstExecution(emu, name);
      await expect(retry(name, first.pipelineExecutionId, 'ALL_ACTIONS', 'Source')).rejects.toMatchObject({
        name: 'StageNotRetryableException',
      });
      await expect(retry(name, first.pipelineExecutionId, 'ALL_ACTIONS', 'Nope')).rejects.toMatchObject({
        name: 'StageNotFoundException',
      });
      await start(name);
      emu.advance(60_000);
      await expect(retry(name, first.pipelineExecutionId, 'ALL_ACTIONS')).rejects.toMatchObject({
        name: 'NotLatestPipelineExecutionException',
      });
      await expect(retry('missing', first.pipelineExecutionId, 'ALL_ACTIONS')).rejects.toMatchObject({
        name: 'PipelineNotFoundException',
      });
    });
  });

  describe('RollbackStage', () => {
    const rollback = (pipelineName: string, stageName: string, targetPipelineExecutionId: string) =>
      emu.client.send(new RollbackStageCommand({ pipelineName, stageName, targetPipelineExecutionId }));

    it('reruns the stage with the target execution’s revisions as a ROLLBACK execution', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name, { pipelineType: 'V2' }));
      emu.advance(60_000);
      const target = firstExecution(emu, name);
      await start(name);
      emu.advance(60_000);
      const { pipelineExecutionId } = await rollback(name, 'Build', target.pipelineExecutionId);
      const got = await emu.client.send(
        new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId }),
      );
      expect(got.pipelineExecution).toMatchObject({
        status: 'InProgress',
        executionType: 'ROLLBACK',
        rollbackMetadata: { rollbackTargetPipelineExecutionId: target.pipelineExecutionId },
        trigger: { triggerType: 'ManualRollback' },
        artifactRevisions: [{ revisionId: target.artifactRevisions[0]?.revisionId }],
      });
      expect((await stageState(emu, name, 'Build')).latestExecution).toMatchObject({
        pipelineExecutionId,
        type: 'ROLLBACK',
      });
      await expect(rollback(name, 'Build', target.pipelineExecutionId)).rejects.toMatchObject({
        name: 'UnableToRollbackStageException',
      });
      emu.advance(60_000);
      const rolled = executions(emu, name).at(-1);
      expect(rolled?.status).toBe('Succeeded');
      expect(rolled?.stages.has('Source')).toBe(false);
    });

    it('refuses a target that did not succeed in the stage, an unknown target and an unknown stage', async () => {
      const name = uniqueName();
      insertPipeline(emu, twoStage(name, { pipelineType: 'V2' }));
      const running = firstExecution(emu, name);
      await expect(rollback(name, 'Build', running.pipelineExecutionId)).rejects.toMatchObject({
        name: 'UnableToRollbackStageException',
      });
      await expect(rollback(name, 'Build', UNKNOWN_ID)).rejects.toMatchObject({
        name: 'PipelineExecutionNotFoundException',
      });
      await expect(rollback(name, 'Nope', running.pipelineExecutionId)).rejects.toMatchObject({
        name: 'StageNotFoundException',
      });
    });
  });
});
