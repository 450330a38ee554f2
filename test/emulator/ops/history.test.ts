import {
  ListActionExecutionsCommand,
  ListDeployActionExecutionTargetsCommand,
  ListRuleExecutionsCommand,
  RetryStageExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  declaration,
  firstExecution,
  insertPipeline,
  source,
  stage,
  timed,
  uniqueName,
} from '../engine/fixtures';

const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

describe('execution history operations', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  function deployPipeline(name: string, deployConfig: Record<string, string> = {}) {
    return declaration(name, [
      stage('Source', [source()]),
      stage('Deploy', [timed('Deploy', deployConfig, { namespace: 'DeployVars' }, 'Deploy')]),
    ]);
  }

  it('lists action executions newest first with their input and output', async () => {
    const name = uniqueName('hist');
    insertPipeline(emu, deployPipeline(name));
    emu.advance(60_000);
    const out = await emu.client.send(new ListActionExecutionsCommand({ pipelineName: name }));
    const [deploy, src] = out.actionExecutionDetails!;
    expect(deploy).toMatchObject({
      actionName: 'Deploy',
      stageName: 'Deploy',
      pipelineVersion: 1,
      status: 'Succeeded',
      input: {
        actionTypeId: { category: 'Deploy', provider: 'CodeDeploy' },
        region: 'us-east-1',
        roleArn: 'arn:aws:iam::123456789012:role/pipeline',
        namespace: 'DeployVars',
        inputArtifacts: [{ name: 'SourceOutput', s3location: { bucket: 'my-artifacts' } }],
      },
    });
    expect(deploy?.output?.executionResult?.externalExecutionId).toBeTruthy();
    expect(src?.output?.outputArtifacts?.[0]?.name).toBe('SourceOutput');
    expect(src?.output?.outputVariables?.CommitId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('filters on an execution, or on only the latest run of each action in it', async () => {
    const name = uniqueName('hist');
    insertPipeline(emu, deployPipeline(name, { EmulatorOutcome: 'Failed' }));
    emu.advance(60_000);
    const exec = firstExecution(emu, name);
    await emu.client.send(
      new RetryStageExecutionCommand({
        pipelineName: name,
        stageName: 'Deploy',
        pipelineExecutionId: exec.pipelineExecutionId,
        retryMode: 'FAILED_ACTIONS',
      }),
    );
    emu.advance(60_000);
    const all = await emu.client.send(
      new ListActionExecutionsCommand({
        pipelineName: name,
        filter: {
          latestInPipelineExecution: { pipelineExecutionId: exec.pipelineExecutionId, startTimeRange: 'All' },
        },
      }),
    );
    expect(all.actionExecutionDetails?.map((d) => d.actionName)).toEqual(['Deploy', 'Deploy', 'Source']);
    const latest = await emu.client.send(
      new ListActionExecutionsCommand({
        pipelineName: name,
        filter: {
          latestInPipelineExecution: {
            pipelineExecutionId: exec.pipelineExecutionId,
            startTimeRange: 'Latest',
          },
        },
      }),
    );
    expect(latest.actionExecutionDetails?.map((d) => d.actionName)).toEqual(['Deploy', 'Source']);
    const paged = await emu.client.send(
      new ListActionExecutionsCommand({
        pipelineName: name,
        filter: { pipelineExecutionId: exec.pipelineExecutionId },
        maxResults: 2,
      }),
    );
    expect(paged.actionExecutionDetails).toHaveLength(2);
    expect(paged.nextToken).toBeTruthy();
    await expect(
      emu.client.send(
        new ListActionExecutionsCommand({ pipelineName: name, filter: { pipelineExecutionId: UNKNOWN_ID } }),
      ),
    ).rejects.toMatchObject({ name: 'PipelineExecutionNotFoundException' });
    await expect(
      emu.client.send(new ListActionExecutionsCommand({ pipelineName: 'missing' })),
    ).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
  });

  it('lists the targets a deploy action reported, filtered by status', async () => {
    const name = uniqueName('hist');
    insertPipeline(emu, deployPipeline(name, { EmulatorOutcome: 'Failed' }));
    emu.advance(60_000);
    const deploy = firstExecution(emu, name).stages.get('Deploy')?.actions[0];
    const out = await emu.client.send(
      new ListDeployActionExecutionTargetsCommand({
        pipelineName: name,
        actionExecutionId: deploy!.actionExecutionId,
      }),
    );
    expect(out.targets).toHaveLength(2);
    expect(out.targets?.[0]).toMatchObject({ targetType: 'EC2Instance', status: 'Succeeded' });
    expect(out.targets?.[0]?.events?.map((e) => e.name)).toContain('Install');
    const failed = await emu.client.send(
      new ListDeployActionExecutionTargetsCommand({
        actionExecutionId: deploy!.actionExecutionId,
        filters: [{ name: 'TARGET_STATUS', values: ['Failed'] }],
      }),
    );
    expect(failed.targets?.map((t) => t.status)).toEqual(['Failed']);
    await expect(
      emu.client.send(new ListDeployActionExecutionTargetsCommand({ actionExecutionId: UNKNOWN_ID })),
    ).rejects.toMatchObject({ name: 'ActionExecutionNotFoundException' });
  });

  it('lists rule executions of a pipeline with conditions', async () => {
    const name = uniqueName('hist');
    insertPipeline(
      emu,
      declaration(
        name,
        [
          stage('Source', [source()]),
          stage('Deploy', [timed('Deploy', {}, {}, 'Deploy')], {
            beforeEntry: {
              conditions: [
                {
                  rules: [
                    {
                      name: 'R1',
                      ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
                    },
                  ],
                },
              ],
            },
          }),
        ],
        { pipelineType: 'V2' },
      ),
    );
    emu.advance(60_000);
    const exec = firstExecution(emu, name);
    const out = await emu.client.send(
      new ListRuleExecutionsCommand({
        pipelineName: name,
        filter: { pipelineExecutionId: exec.pipelineExecutionId },
      }),
    );
    expect(out.ruleExecutionDetails).toHaveLength(1);
    expect(out.ruleExecutionDetails?.[0]).toMatchObject({
      ruleName: 'R1',
      status: 'Succeeded',
      input: { ruleTypeId: { provider: 'VariableCheck' } },
    });
    await expect(
      emu.client.send(new ListRuleExecutionsCommand({ pipelineName: name, nextToken: 'forged' })),
    ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
  });
});
