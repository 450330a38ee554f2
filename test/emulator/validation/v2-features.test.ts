import {
  CreatePipelineCommand,
  type PipelineDeclaration,
  type StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import {
  alarmRule,
  pushTrigger,
  simplePipeline,
  v2Pipeline,
  variableCheckRule,
} from '../../support/declarations';

let emu: TestEmulator;
let seq = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

/** A fresh V2 fixture pipeline with a unique name, changed by `edit`. */
function variant(edit: (p: PipelineDeclaration) => void): PipelineDeclaration {
  const p = v2Pipeline(`v2-${++seq}`);
  edit(p);
  return p;
}

/** A V1 pipeline (no pipelineType) with a unique name, changed by `edit`. */
function v1Variant(edit: (p: PipelineDeclaration) => void): PipelineDeclaration {
  const p = simplePipeline(`v1-${++seq}`);
  edit(p);
  return p;
}

function create(pipeline: PipelineDeclaration) {
  return emu.client.send(new CreatePipelineCommand({ pipeline }));
}

async function expectRefused(pipeline: PipelineDeclaration, name: string): Promise<void> {
  await expect(create(pipeline)).rejects.toMatchObject({ name });
}

const deploy = (p: PipelineDeclaration): StageDeclaration => p.stages![2]!;

describe('pipeline variables', () => {
  it('are stored as declared on a V2 pipeline', async () => {
    const out = await create(variant(() => undefined));
    expect(out.pipeline?.variables).toEqual([
      { name: 'DeployTarget', defaultValue: 'staging', description: 'Where the Deploy stage deploys' },
      { name: 'ReleaseNotes', description: 'Free text, no default' },
    ]);
  });

  it('are refused on a V1 pipeline', async () => {
    await expectRefused(
      v1Variant((p) => (p.variables = [{ name: 'X' }])),
      'ValidationException',
    );
  });

  it('must have unique, well-formed names and bounded defaults and descriptions', async () => {
    await expectRefused(
      variant((p) => (p.variables = [{ name: 'A' }, { name: 'A' }])),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (p.variables = [{ name: 'a.b' }])),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (p.variables = [{ name: 'x'.repeat(129) }])),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (p.variables = [{ name: 'A', defaultValue: 'v'.repeat(1001) }])),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (p.variables = [{ name: 'A', description: 'd'.repeat(201) }])),
      'ValidationException',
    );
  });

  it('are limited to 50', async () => {
    await expectRefused(
      variant((p) => (p.variables = Array.from({ length: 51 }, (_, i) => ({ name: `V${i}` })))),
      'ValidationException',
    );
  });
});

describe('pipeline triggers', () => {
  it('are stored as declared on a V2 pipeline', async () => {
    const out = await create(variant(() => undefined));
    expect(out.pipeline?.triggers).toEqual([pushTrigger('Source')]);
  });

  it('are refused on a V1 pipeline', async () => {
    await expectRefused(
      v1Variant((p) => (p.triggers = [pushTrigger('Source')])),
      'ValidationException',
    );
  });

  it('must name a CodeStarSourceConnection source action of the pipeline', async () => {
    await expectRefused(
      variant((p) => (p.triggers = [pushTrigger('Elsewhere')])),
      'ValidationException',
    );
    await expectRefused(
      variant((p) => (p.triggers = [pushTrigger('Build')])),
      'ValidationException',
    );
    const s3Source = simplePipeline(`v2-${++seq}`, { pipelineType: 'V2' });
    s3Source.triggers = [pushTrigger('Source')];
    await expectRefused(s3Source, 'ValidationException');
  });

  it('allow one trigger per source action', async () => {
    await expectRefused(
      variant((p) => (p.triggers = [pushTrigger('Source'), pushTrigger('Source')])),
      'ValidationException',
    );
  });

  it('refuse a push filter on both tags and branches, and filters with no criteria', async () => {
    const both = variant(
      (p) =>
        (p.triggers![0]!.gitConfiguration!.push = [
          { tags: { includes: ['v*'] }, branches: { includes: ['main'] } },
        ]),
    );
    await expectRefused(both, 'ValidationException');
    const none = variant((p) => {
      p.triggers![0]!.gitConfiguration!.push = undefined;
    });
    await expectRefused(none, 'ValidationException');
  });

  it('accept pull request filters with events and branches', async () => {
    const p = variant(
      (p) =>
        (p.triggers![0]!.gitConfiguration = {
          sourceActionName: 'Source',
          pullRequest: [
            {
              events: ['OPEN', 'UPDATED'],
              branches: { includes: ['main'] },
              filePaths: { excludes: ['docs/**'] },
            },
          ],
        }),
    );
    await expect(create(p)).resolves.toMatchObject({
      pipeline: { triggers: [{ gitConfiguration: { pullRequest: [{ events: ['OPEN', 'UPDATED'] }] } }] },
    });
  });
});

describe('stage conditions', () => {
  it('are stored as declared on a V2 pipeline', async () => {
    const out = await create(variant(() => undefined));
    const stored = out.pipeline!.stages![2]!;
    expect(stored.beforeEntry).toEqual({ conditions: [{ result: 'FAIL', rules: [variableCheckRule()] }] });
    expect(stored.onSuccess).toEqual({ conditions: [{ result: 'ROLLBACK', rules: [alarmRule()] }] });
    expect(stored.onFailure).toEqual({ result: 'ROLLBACK' });
    expect(out.pipeline!.stages![1]!.onFailure).toEqual({
      result: 'RETRY',
      retryConfiguration: { retryMode: 'FAILED_ACTIONS' },
    });
  });

  it('are refused on a V1 pipeline', async () => {
    await expectRefused(
      v1Variant((p) => (p.stages![1]!.onFailure = { result: 'ROLLBACK' })),
      'InvalidStageDeclarationException',
    );
  });

  it('are refused on the source stage', async () => {
    await expectRefused(
      variant(
        (p) =>
          (p.stages![0]!.beforeEntry = { conditions: [{ result: 'FAIL', rules: [variableCheckRule()] }] }),
      ),
      'InvalidStageDeclarationException',
    );
  });

  it('refuse a result the kind of condition cannot engage', async () => {
    await expectRefused(
      variant((p) => (deploy(p).beforeEntry!.conditions![0]!.result = 'ROLLBACK')),
      'InvalidStageDeclarationException',
    );
    await expectRefused(
      variant((p) => (deploy(p).onSuccess!.conditions![0]!.result = 'SKIP')),
      'InvalidStageDeclarationException',
    );
  });

  it('accept an entry condition that skips the stage', async () => {
    const p = variant((p) => (deploy(p).beforeEntry!.conditions![0]!.result = 'SKIP'));
    await expect(create(p)).resolves.toMatchObject({ pipeline: { name: p.name } });
  });

  it('refuse a rule type that does not exist or lacks its required configuration', async () => {
    await expectRefused(
      variant((p) => (deploy(p).beforeEntry!.conditions![0]!.rules![0]!.ruleTypeId!.provider = 'Crystal')),
      'InvalidStageDeclarationException',
    );
    await expectRefused(
      variant((p) => delete deploy(p).onSuccess!.conditions![0]!.rules![0]!.configuration!.AlarmName),
      'InvalidStageDeclarationException',
    );
  });

  it('refuse duplicate rule names in a condition, and more than five rules', async () => {
    await expectRefused(
      variant(
        (p) =>
          (deploy(p).beforeEntry!.conditions![0]!.rules = [variableCheckRule('R'), variableCheckRule('R')]),
      ),
      'InvalidStageDeclarationException',
    );
    await expectRefused(
      variant(
        (p) =>
          (deploy(p).beforeEntry!.conditions![0]!.rules = Array.from({ length: 6 }, (_, i) =>
            variableCheckRule(`R${i}`),
          )),
      ),
      'ValidationException',
    );
  });

  it('allow exactly one condition per kind', async () => {
    await expectRefused(
      variant((p) =>
        deploy(p).beforeEntry!.conditions!.push({ result: 'FAIL', rules: [variableCheckRule('Other')] }),
      ),
      'ValidationException',
    );
  });

  it('refuse a retry configuration unless the failure result is RETRY', async () => {
    await expectRefused(
      variant(
        (p) =>
          (deploy(p).onFailure = { result: 'ROLLBACK', retryConfiguration: { retryMode: 'ALL_ACTIONS' } }),
      ),
      'InvalidStageDeclarationException',
    );
  });

  it('accept the emulator reserved keys in a rule configuration', async () => {
    const p = variant(
      (p) =>
        (deploy(p).beforeEntry!.conditions![0]!.rules = [
          variableCheckRule('Check', { EmulatorOutcome: 'Failed' }),
        ]),
    );
    await expect(create(p)).resolves.toMatchObject({ pipeline: { name: p.name } });
    await expectRefused(
      variant(
        (p) =>
          (deploy(p).beforeEntry!.conditions![0]!.rules = [
            variableCheckRule('Check', { EmulatorDurationMs: '-1' }),
          ]),
      ),
      'InvalidStageDeclarationException',
    );
  });
});
