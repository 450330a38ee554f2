import { StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  declaration,
  executions,
  insertPipeline,
  source,
  stage,
  stageState,
  timed,
  uniqueName,
} from './fixtures';

/** Source 1 s, Build 10 s: executions pile up before Build. */
function slowBuild(name: string, extra = {}) {
  return declaration(
    name,
    [
      stage('Source', [source('Source', { EmulatorDurationMs: '1000' })]),
      stage('Build', [timed('Build', { EmulatorDurationMs: '10000' })]),
    ],
    extra,
  );
}

describe('simulation engine: execution modes', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  const start = (name: string) => emu.client.send(new StartPipelineExecutionCommand({ name }));

  it('supersedes an older execution waiting before a busy stage when a newer one arrives (SUPERSEDED)', async () => {
    const name = uniqueName();
    insertPipeline(emu, slowBuild(name));
    emu.advance(1_000); // E1 now in Build
    const e2 = (await start(name)).pipelineExecutionId;
    emu.advance(1_000); // E2 waits before Build
    const build = await stageState(emu, name, 'Build');
    expect(build.inboundExecution?.pipelineExecutionId).toBe(e2);
    const e3 = (await start(name)).pipelineExecutionId;
    emu.advance(1_000); // E3 reaches Build too and supersedes E2
    const [, x2, x3] = executions(emu, name);
    expect(x2?.pipelineExecutionId).toBe(e2);
    expect(x2?.status).toBe('Superseded');
    expect(x3?.pipelineExecutionId).toBe(e3);
    emu.advance(30_000);
    expect(executions(emu, name).map((e) => e.status)).toEqual(['Succeeded', 'Superseded', 'Succeeded']);
  });

  it('keeps executions in arrival order without superseding any (QUEUED)', async () => {
    const name = uniqueName();
    insertPipeline(emu, slowBuild(name, { pipelineType: 'V2', executionMode: 'QUEUED' }));
    emu.advance(1_000);
    await start(name);
    await start(name);
    emu.advance(2_000);
    const build = await stageState(emu, name, 'Build');
    expect(build.inboundExecutions).toHaveLength(2);
    expect(build.inboundExecutions?.map((e) => e.pipelineExecutionId)).toEqual(
      executions(emu, name)
        .slice(1)
        .map((e) => e.pipelineExecutionId),
    );
    emu.advance(60_000);
    const all = executions(emu, name);
    expect(all.map((e) => e.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    const buildStarts = all.map((e) => e.stages.get('Build')!.startTime.getTime());
    expect(buildStarts[1]! - buildStarts[0]!).toBe(10_000);
    expect(buildStarts[2]! - buildStarts[1]!).toBe(10_000);
    expect(all[0]?.executionMode).toBe('QUEUED');
  });

  it('runs executions independently of each other (PARALLEL)', async () => {
    const name = uniqueName();
    insertPipeline(emu, slowBuild(name, { pipelineType: 'V2', executionMode: 'PARALLEL' }));
    await start(name);
    emu.advance(1_000);
    const all = executions(emu, name);
    expect(all.map((e) => e.stages.get('Build')?.status)).toEqual(['InProgress', 'InProgress']);
    emu.advance(10_000);
    expect(executions(emu, name).map((e) => e.status)).toEqual(['Succeeded', 'Succeeded']);
  });

  it('treats a V1 pipeline as SUPERSEDED whatever executionMode it declares', async () => {
    const name = uniqueName();
    insertPipeline(emu, slowBuild(name, { pipelineType: 'V1', executionMode: 'PARALLEL' }));
    expect(executions(emu, name)[0]?.executionMode).toBe('SUPERSEDED');
  });
});
