import { CreatePipelineCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  ARTIFACT_STORE,
  approvalPipeline,
  codeBuildAction,
  s3DeployAction,
  s3SourceAction,
  simplePipeline,
  stage,
  v2Pipeline,
} from '../../support/declarations';

let emu: TestEmulator;
let seq = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

/** A fresh simple pipeline with a unique name, changed by `edit`. */
function variant(edit: (p: PipelineDeclaration) => void): PipelineDeclaration {
  const p = simplePipeline(`struct-${++seq}`);
  edit(p);
  return p;
}

function create(pipeline: PipelineDeclaration) {
  return emu.client.send(new CreatePipelineCommand({ pipeline }));
}

async function expectRefused(pipeline: PipelineDeclaration, name: string): Promise<void> {
  await expect(create(pipeline)).rejects.toMatchObject({ name });
}

const stages = (p: PipelineDeclaration) => p.stages ?? [];
const firstAction = (p: PipelineDeclaration, stageIndex: number) => stages(p)[stageIndex]!.actions![0]!;

describe('pipeline declaration validation: structure', () => {
  it('accepts the simple, V2 and approval fixture pipelines', async () => {
    for (const p of [simplePipeline('ok-simple'), v2Pipeline('ok-v2'), approvalPipeline('ok-approval')]) {
      const out = await create(p);
      expect(out.pipeline?.name).toBe(p.name);
    }
  });

  it('accepts every common built-in AWS action type', async () => {
    const p = simplePipeline('ok-builtins');
    p.stages = [
      stage('Source', s3SourceAction('S3Source', 'A'), {
        name: 'Repo',
        actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'repo', BranchName: 'main' },
        outputArtifacts: [{ name: 'B' }],
      }),
      stage('Test', {
        ...codeBuildAction('UnitTests', 'A', undefined),
        actionTypeId: { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' },
      }),
      stage(
        'Deploy',
        {
          name: 'CodeDeploy',
          actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' },
          configuration: { ApplicationName: 'app', DeploymentGroupName: 'group' },
          inputArtifacts: [{ name: 'A' }],
        },
        {
          name: 'Stack',
          actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
          configuration: { ActionMode: 'CREATE_UPDATE', StackName: 'stack' },
          inputArtifacts: [{ name: 'B' }],
        },
        {
          name: 'Notify',
          actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
          configuration: { FunctionName: 'notify' },
          runOrder: 2,
        },
      ),
    ];
    await expect(create(p)).resolves.toMatchObject({ pipeline: { name: 'ok-builtins', version: 1 } });
  });

  it('refuses a pipeline with a single stage', async () => {
    await expectRefused(
      variant((p) => (p.stages = stages(p).slice(0, 1))),
      'InvalidStructureException',
    );
  });

  it('refuses a pipeline whose first stage has a non-source action', async () => {
    await expectRefused(
      variant((p) => stages(p)[0]!.actions!.push(codeBuildAction('EarlyBuild', 'SourceArtifact', 'Early'))),
      'InvalidStructureException',
    );
  });

  it('refuses a source action outside the first stage', async () => {
    await expectRefused(
      variant((p) => stages(p)[1]!.actions!.push(s3SourceAction('LateSource', 'Late'))),
      'InvalidStructureException',
    );
  });

  it('refuses two stages with the same name', async () => {
    await expectRefused(
      variant((p) => stages(p).push(stage('Build', s3DeployAction('Deploy', 'BuildArtifact')))),
      'InvalidStructureException',
    );
  });

  it('refuses two actions with the same name in a stage', async () => {
    await expectRefused(
      variant((p) => stages(p)[1]!.actions!.push(codeBuildAction('Build', 'SourceArtifact', 'Other'))),
      'InvalidStructureException',
    );
  });

  it('refuses an input artifact that no earlier action produces', async () => {
    await expectRefused(
      variant((p) => (firstAction(p, 1).inputArtifacts = [{ name: 'Nowhere' }])),
      'InvalidStructureException',
    );
  });

  it('refuses an input artifact produced in the same stage at the same runOrder', async () => {
    await expectRefused(
      variant((p) => stages(p)[1]!.actions!.push(s3DeployAction('Ship', 'BuildArtifact'))),
      'InvalidStructureException',
    );
  });

  it('accepts an input artifact produced in the same stage at a lower runOrder', async () => {
    const p = variant((p) =>
      stages(p)[1]!.actions!.push({ ...s3DeployAction('Ship', 'BuildArtifact'), runOrder: 2 }),
    );
    await expect(create(p)).resolves.toMatchObject({ pipeline: { name: p.name } });
  });

  it('refuses two actions producing an artifact of the same name', async () => {
    await expectRefused(
      variant((p) => (firstAction(p, 1).outputArtifacts = [{ name: 'SourceArtifact' }])),
      'InvalidStructureException',
    );
  });

  it('refuses both artifactStore and artifactStores, and neither', async () => {
    await expectRefused(
      variant((p) => (p.artifactStores = { 'us-east-1': ARTIFACT_STORE })),
      'InvalidStructureException',
    );
    await expectRefused(
      variant((p) => delete p.artifactStore),
      'InvalidStructureException',
    );
  });

  it('accepts artifactStores keyed by Region, covering a cross-region action', async () => {
    const p = variant((p) => {
      delete p.artifactStore;
      p.artifactStores = { 'us-east-1': ARTIFACT_STORE, 'eu-west-1': { type: 'S3', location: 'eu-bucket' } };
      firstAction(p, 1).region = 'eu-west-1';
    });
    await expect(create(p)).resolves.toMatchObject({ pipeline: { artifactStores: { 'eu-west-1': {} } } });
  });

  it('refuses artifactStores without the pipeline Region, and a cross-region action without a store', async () => {
    await expectRefused(
      variant((p) => {
        delete p.artifactStore;
        p.artifactStores = { 'eu-west-1': ARTIFACT_STORE };
      }),
      'InvalidStructureException',
    );
    await expectRefused(
      variant((p) => (firstAction(p, 1).region = 'eu-west-1')),
      'InvalidStructureException',
    );
  });

  it('refuses two actions with the same variable namespace', async () => {
    await expectRefused(
      variant((p) => {
        firstAction(p, 0).namespace = 'Vars';
        firstAction(p, 1).namespace = 'Vars';
      }),
      'InvalidStructureException',
    );
  });
});

describe('pipeline declaration validation: members', () => {
  it('refuses malformed names and role ARNs with ValidationException', async () => {
    await expectRefused(
      variant((p) => (p.name = 'bad name!')),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (p.name = 'x'.repeat(101))),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (p.roleArn = 'arn:aws:iam::123:role/short')),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (stages(p)[0]!.name = 'Sour ce')),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (firstAction(p, 0).outputArtifacts = [{ name: 'a.b' }])),
      'ValidationException',
    );
  });

  it('refuses a runOrder outside 1..999', async () => {
    await expectRefused(
      variant((p) => (firstAction(p, 1).runOrder = 0)),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (firstAction(p, 1).runOrder = 1000)),
      'ValidationException',
    );
  });

  it('refuses configuration keys over 50 characters and empty values', async () => {
    await expectRefused(
      variant((p) => (firstAction(p, 1).configuration!['k'.repeat(51)] = 'v')),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (firstAction(p, 1).configuration!.Extra = '')),
      'ValidationException',
    );
  });

  it('refuses more than 50 stages and a missing stage list', async () => {
    await expectRefused(
      variant((p) => {
        for (let i = 0; i < 50; i++)
          stages(p).push(stage(`Extra${i}`, codeBuildAction(`B${i}`, 'SourceArtifact', undefined)));
      }),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => delete (p as { stages?: unknown }).stages),
      'ValidationException',
    );
  });

  it('refuses an unknown category or owner with ValidationException', async () => {
    await expectRefused(
      variant(
        (p) =>
          (firstAction(p, 1).actionTypeId = {
            ...firstAction(p, 1).actionTypeId!,
            category: 'Nope' as 'Build',
          }),
      ),
      'ValidationException',
    );
    await expectRefused(
      variant(
        (p) =>
          (firstAction(p, 1).actionTypeId = { ...firstAction(p, 1).actionTypeId!, owner: 'Me' as 'AWS' }),
      ),
      'ValidationException',
    );
  });

  it('refuses a stage without actions', async () => {
    await expectRefused(
      variant((p) => (stages(p)[1]!.actions = [])),
      'InvalidStageDeclarationException',
    );
  });

  it('refuses an action type that does not exist', async () => {
    await expectRefused(
      variant(
        (p) =>
          (firstAction(p, 1).actionTypeId = {
            category: 'Build',
            owner: 'AWS',
            provider: 'Nope',
            version: '1',
          }),
      ),
      'InvalidActionDeclarationException',
    );
    await expectRefused(
      variant(
        (p) =>
          (firstAction(p, 1).actionTypeId = {
            category: 'Build',
            owner: 'Custom',
            provider: 'Jenkins',
            version: '1',
          }),
      ),
      'InvalidActionDeclarationException',
    );
  });

  it('refuses artifact counts outside the action type bounds', async () => {
    await expectRefused(
      variant((p) => (firstAction(p, 1).inputArtifacts = [])),
      'InvalidActionDeclarationException',
    );
    await expectRefused(
      variant((p) => (firstAction(p, 0).outputArtifacts = [{ name: 'SourceArtifact' }, { name: 'Two' }])),
      'InvalidActionDeclarationException',
    );
  });

  it('refuses an action missing a required configuration property', async () => {
    await expectRefused(
      variant((p) => delete firstAction(p, 1).configuration!.ProjectName),
      'InvalidActionDeclarationException',
    );
  });

  it('accepts the emulator reserved configuration keys, and refuses malformed values for them', async () => {
    const p = variant((p) =>
      Object.assign(firstAction(p, 1).configuration!, {
        EmulatorDurationMs: '60000',
        EmulatorOutcome: 'Failed',
        EmulatorFailureRate: '0.25',
      }),
    );
    await expect(create(p)).resolves.toMatchObject({
      pipeline: { stages: [{}, { actions: [{ configuration: { EmulatorOutcome: 'Failed' } }] }] },
    });
    await expectRefused(
      variant((p) => (firstAction(p, 1).configuration!.EmulatorOutcome = 'Maybe')),
      'InvalidActionDeclarationException',
    );
    await expectRefused(
      variant((p) => (firstAction(p, 1).configuration!.EmulatorFailureRate = '1.5')),
      'InvalidActionDeclarationException',
    );
    await expectRefused(
      variant((p) => (firstAction(p, 1).configuration!.EmulatorDurationMs = 'soon')),
      'InvalidActionDeclarationException',
    );
  });

  it('refuses timeoutInMinutes on anything but a Manual approval', async () => {
    await expectRefused(
      variant((p) => (firstAction(p, 1).timeoutInMinutes = 60)),
      'InvalidActionDeclarationException',
    );
    const ok = approvalPipeline(`struct-${++seq}`);
    stages(ok)[1]!.actions![0]!.timeoutInMinutes = 60;
    await expect(create(ok)).resolves.toMatchObject({ pipeline: { name: ok.name } });
  });

  it('refuses a stage declaring the same blocker twice', async () => {
    await expectRefused(
      variant(
        (p) =>
          (stages(p)[1]!.blockers = [
            { name: 'Freeze', type: 'Schedule' },
            { name: 'Freeze', type: 'Schedule' },
          ]),
      ),
      'InvalidBlockerDeclarationException',
    );
  });

  it('refuses QUEUED or PARALLEL execution on a V1 pipeline', async () => {
    await expectRefused(
      variant((p) => (p.executionMode = 'QUEUED')),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => {
        p.pipelineType = 'V1';
        p.executionMode = 'PARALLEL';
      }),
      'ValidationException',
    );
  });
});
