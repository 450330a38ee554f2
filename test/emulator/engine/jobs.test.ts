import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { type JobRecord } from '../../../src/emulator/core/state';
import {
  declaration,
  firstExecution,
  insertPipeline,
  jobAction,
  source,
  stage,
  stageState,
  uniqueName,
} from './fixtures';

describe('simulation engine: custom and third-party jobs', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  function jobsOf(name: string): JobRecord[] {
    return [...emu.emulator.state.jobs.values()].filter((j) => j.pipelineName === name);
  }

  function setup(owner: 'Custom' | 'ThirdParty' = 'Custom') {
    const name = uniqueName('jobs');
    insertPipeline(
      emu,
      declaration(name, [stage('Source', [source()]), stage('Work', [jobAction('Job', owner)])]),
    );
    emu.advance(5_000);
    return name;
  }

  it('queues a job with the action context and waits for a worker', async () => {
    const name = setup();
    const [job] = jobsOf(name);
    const exec = firstExecution(emu, name);
    expect(job).toMatchObject({
      kind: 'custom',
      status: 'Queued',
      stageName: 'Work',
      actionName: 'Job',
      data: {
        actionTypeId: { owner: 'Custom', provider: 'MyJobs' },
        actionConfiguration: { configuration: { Mode: 'fast' } },
        pipelineContext: {
          pipelineName: name,
          stage: { name: 'Work' },
          action: { name: 'Job' },
          pipelineExecutionId: exec.pipelineExecutionId,
          pipelineArn: `arn:aws:codepipeline:us-east-1:123456789012:${name}`,
        },
        inputArtifacts: [{ name: 'SourceOutput', revision: exec.artifactRevisions[0]?.revisionId }],
        outputArtifacts: [{ name: 'JobOut' }],
      },
    });
    expect(job?.nonce).toBeTruthy();
    expect(job?.data.artifactCredentials?.accessKeyId).toBeTruthy();
    emu.advance(600_000);
    expect(exec.status).toBe('InProgress');
  });

  it('finishes the action when the worker reports success', async () => {
    const name = setup();
    const [job] = jobsOf(name);
    emu.emulator.engine.completeJob(job!, {
      status: 'Succeeded',
      summary: 'done',
      outputVariables: { X: '1' },
    });
    const exec = firstExecution(emu, name);
    expect(exec.status).toBe('Succeeded');
    const run = exec.stages.get('Work')?.actions[0];
    expect(run).toMatchObject({
      status: 'Succeeded',
      summary: 'done',
      output: { outputVariables: { X: '1' } },
    });
  });

  it('issues a follow-up job carrying the continuation token', async () => {
    const name = setup();
    const [first] = jobsOf(name);
    emu.emulator.engine.completeJob(first!, {
      status: 'Succeeded',
      continuationToken: 'step-2',
      percentComplete: 50,
    });
    const jobs = jobsOf(name);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]?.data.continuationToken).toBe('step-2');
    expect(jobs[1]?.actionExecutionId).toBe(first?.actionExecutionId);
    const state = await stageState(emu, name, 'Work');
    expect(state.actionStates?.[0]?.latestExecution).toMatchObject({
      status: 'InProgress',
      percentComplete: 50,
    });
    emu.emulator.engine.completeJob(jobs[1]!, { status: 'Succeeded' });
    expect(firstExecution(emu, name).status).toBe('Succeeded');
  });

  it('fails the action with the worker’s failure details', async () => {
    const name = setup();
    const [job] = jobsOf(name);
    emu.emulator.engine.completeJob(job!, { status: 'Failed', type: 'JobFailed', message: 'boom' });
    const exec = firstExecution(emu, name);
    expect(exec.status).toBe('Failed');
    expect(exec.stages.get('Work')?.actions[0]?.errorDetails).toEqual({ code: 'JobFailed', message: 'boom' });
  });

  it('gives third-party jobs a client token and no pipeline ARN', async () => {
    const name = setup('ThirdParty');
    const [job] = jobsOf(name);
    expect(job?.kind).toBe('thirdParty');
    expect(job?.clientId).toBeTruthy();
    expect(job?.clientToken).toBeTruthy();
    expect(job?.data.pipelineContext?.pipelineArn).toBeUndefined();
  });
});
