import type { Condition } from '@aws-sdk/client-codepipeline';
import {
  ListRuleExecutionsCommand,
  OverrideStageConditionCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  declaration,
  executions,
  firstExecution,
  insertPipeline,
  source,
  stage,
  stageState,
  timed,
  uniqueName,
} from './fixtures';

function rule(configuration: Record<string, string>, result?: Condition['result']): Condition {
  return {
    result,
    rules: [
      {
        name: 'Check',
        ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
        configuration: { Variable: 'x', Value: '1', Operator: 'EQ', ...configuration },
      },
    ],
  };
}

describe('simulation engine: stage conditions', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });
  afterAll(() => emu.close());

  function v2(name: string, deploy: Parameters<typeof stage>[2], buildConfig: Record<string, string> = {}) {
    return declaration(
      name,
      [
        stage('Source', [source('Source', { EmulatorDurationMs: '1000' })]),
        stage(
          'Deploy',
          [timed('Deploy', { EmulatorDurationMs: '1000', ...buildConfig }, {}, 'Deploy')],
          deploy,
        ),
      ],
      { pipelineType: 'V2' },
    );
  }

  it('evaluates entry conditions before running a stage and records the rule runs', async () => {
    const name = uniqueName('cond');
    insertPipeline(emu, v2(name, { beforeEntry: { conditions: [rule({ EmulatorDurationMs: '2000' })] } }));
    emu.advance(1_000);
    const during = await stageState(emu, name, 'Deploy');
    expect(during.beforeEntryConditionState?.latestExecution?.status).toBe('InProgress');
    expect(during.beforeEntryConditionState?.conditionStates?.[0]?.ruleStates?.[0]?.ruleName).toBe('Check');
    expect(during.actionStates?.[0]?.latestExecution).toBeUndefined();
    emu.advance(2_000);
    const after = await stageState(emu, name, 'Deploy');
    expect(after.beforeEntryConditionState?.latestExecution?.status).toBe('Succeeded');
    expect(after.actionStates?.[0]?.latestExecution?.status).toBe('InProgress');
    const rules = await emu.client.send(new ListRuleExecutionsCommand({ pipelineName: name }));
    expect(rules.ruleExecutionDetails?.[0]).toMatchObject({
      ruleName: 'Check',
      stageName: 'Deploy',
      status: 'Succeeded',
    });
  });

  it('fails the execution when an entry condition fails, or skips the stage with result SKIP', async () => {
    const failing = uniqueName('cond');
    insertPipeline(emu, v2(failing, { beforeEntry: { conditions: [rule({ EmulatorOutcome: 'Failed' })] } }));
    const skipping = uniqueName('cond');
    insertPipeline(
      emu,
      v2(skipping, { beforeEntry: { conditions: [rule({ EmulatorOutcome: 'Failed' }, 'SKIP')] } }),
    );
    emu.advance(30_000);
    expect(firstExecution(emu, failing).status).toBe('Failed');
    expect(firstExecution(emu, failing).stages.get('Deploy')?.status).toBe('Failed');
    expect(firstExecution(emu, skipping).status).toBe('Succeeded');
    expect(firstExecution(emu, skipping).stages.get('Deploy')?.status).toBe('Skipped');
  });

  it('lets OverrideStageCondition skip an entry condition in progress, and refuses when none is', async () => {
    const name = uniqueName('cond');
    insertPipeline(emu, v2(name, { beforeEntry: { conditions: [rule({ EmulatorDurationMs: '600000' })] } }));
    emu.advance(1_000);
    const id = firstExecution(emu, name).pipelineExecutionId;
    await emu.client.send(
      new OverrideStageConditionCommand({
        pipelineName: name,
        stageName: 'Deploy',
        pipelineExecutionId: id,
        conditionType: 'BEFORE_ENTRY',
      }),
    );
    const after = await stageState(emu, name, 'Deploy');
    expect(after.beforeEntryConditionState?.latestExecution?.status).toBe('Overridden');
    expect(after.actionStates?.[0]?.latestExecution?.status).toBe('InProgress');
    await expect(
      emu.client.send(
        new OverrideStageConditionCommand({
          pipelineName: name,
          stageName: 'Deploy',
          pipelineExecutionId: id,
          conditionType: 'BEFORE_ENTRY',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConditionNotOverridableException' });
  });

  it('runs success conditions after the actions and fails the stage when they fail', async () => {
    const name = uniqueName('cond');
    insertPipeline(emu, v2(name, { onSuccess: { conditions: [rule({ EmulatorOutcome: 'Failed' })] } }));
    emu.advance(1_000 + 1_000);
    expect((await stageState(emu, name, 'Deploy')).onSuccessConditionState?.latestExecution?.status).toBe(
      'InProgress',
    );
    emu.advance(10_000);
    expect(firstExecution(emu, name).status).toBe('Failed');
    expect((await stageState(emu, name, 'Deploy')).onSuccessConditionState?.latestExecution?.status).toBe(
      'Failed',
    );
  });

  it('retries a failed stage once automatically with onFailure RETRY', async () => {
    const name = uniqueName('cond');
    insertPipeline(
      emu,
      v2(
        name,
        { onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'ALL_ACTIONS' } } },
        { EmulatorOutcome: 'Failed' },
      ),
    );
    emu.advance(30_000);
    const exec = firstExecution(emu, name);
    expect(exec.status).toBe('Failed');
    const deploy = await stageState(emu, name, 'Deploy');
    expect(deploy.retryStageMetadata).toMatchObject({
      autoStageRetryAttempt: 1,
      latestRetryTrigger: 'AutomatedStageRetry',
    });
    const deployRuns = emu.emulator.state.actionExecutions.filter(
      (r) => r.pipelineName === name && r.stageName === 'Deploy',
    );
    expect(deployRuns).toHaveLength(2);
  });

  it('rolls a failed stage back to the last execution that succeeded in it with onFailure ROLLBACK', async () => {
    const name = uniqueName('cond');
    const decl = v2(name, { onFailure: { result: 'ROLLBACK' } }, { EmulatorOutcome: '#{variables.outcome}' });
    decl.variables = [{ name: 'outcome', defaultValue: 'Succeeded' }];
    const record = insertPipeline(emu, decl);
    emu.advance(10_000);
    const good = firstExecution(emu, name);
    expect(good.status).toBe('Succeeded');
    emu.emulator.engine.startExecution(record, {
      trigger: { triggerType: 'StartPipelineExecution' },
      variables: [{ name: 'outcome', value: 'Failed' }],
    });
    emu.advance(10_000);
    const all = executions(emu, name);
    expect(all.map((e) => e.status)).toEqual(['Succeeded', 'Failed', 'Succeeded']);
    const list = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    expect(list.pipelineExecutionSummaries?.[0]).toMatchObject({
      executionType: 'ROLLBACK',
      trigger: { triggerType: 'AutomatedRollback' },
      rollbackMetadata: { rollbackTargetPipelineExecutionId: good.pipelineExecutionId },
      sourceRevisions: good.sourceRevisions,
    });
  });
});
