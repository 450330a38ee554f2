import { type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { codeBuildAction, s3SourceAction, simplePipeline, stage } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

/**
 * Issue 10, defect 4: declaration validation reported only the first
 * problem, where the README promises one BAD_USER_INPUT error naming every
 * bad field.
 */

const CREATE = `mutation Create($input: CreatePipelineInput!) {
  createPipeline(input: $input) { pipeline { name } }
}`;

const UPDATE = `mutation Update($input: UpdatePipelineInput!) {
  updatePipeline(input: $input) { pipeline { name } }
}`;

/** A declaration as the graph takes it: the SDK shape, minus undefined members. */
function asInput(declaration: PipelineDeclaration): Record<string, unknown> {
  return JSON.parse(JSON.stringify(declaration)) as Record<string, unknown>;
}

/** A build action in stage 1, a source action in stage 2, and an input artifact nothing produces. */
function threeFaults(name: string): PipelineDeclaration {
  const compile = { ...codeBuildAction('Compile', 'SourceArtifact', 'CompiledArtifact'), runOrder: 2 };
  return {
    ...simplePipeline(name),
    stages: [
      stage('Source', s3SourceAction('Source', 'SourceArtifact'), compile),
      stage(
        'Build',
        codeBuildAction('Build', 'NoSuchArtifact'),
        s3SourceAction('LateSource', 'LateArtifact'),
      ),
    ],
  };
}

const THREE_FIELDS = [
  'pipeline.stages[0].actions[1].actionTypeId.category',
  'pipeline.stages[1].actions[0].inputArtifacts[0].name',
  'pipeline.stages[1].actions[1].actionTypeId.category',
];

interface Fault {
  field: string;
  message: string;
}

describe('declaration validation', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    emu = await startTestEmulator();
    gateway = await startTestGateway(emu.url);
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  it.each([
    ['createPipeline', CREATE],
    ['updatePipeline', UPDATE],
  ])(
    'lists every bad field of a %s declaration in one BAD_USER_INPUT error, before calling CodePipeline',
    async (_op, mutation) => {
      await emu.admin('/_emulator/stats/reset', {});
      const res = await gateway.query(mutation, {
        input: { pipeline: asInput(threeFaults('three-faults')) },
      });
      expect(res.errors).toHaveLength(1);
      const extensions = res.errors![0]!.extensions as { code: string; field: string; fields: Fault[] };
      expect(extensions.code).toBe('BAD_USER_INPUT');
      expect(extensions.fields.map((f) => f.field).sort()).toEqual(THREE_FIELDS);
      for (const { field } of extensions.fields) expect(res.errors![0]!.message).toContain(field);
      expect(extensions.fields.find((f) => f.field.endsWith('inputArtifacts[0].name'))?.message).toContain(
        'NoSuchArtifact',
      );
      expect(await emu.stats()).toEqual({});
    },
  );

  it('lists field faults and structural faults together', async () => {
    const declaration = threeFaults('four-faults');
    declaration.stages![1]!.actions![0]!.name = 'Build it!';
    const res = await gateway.query(CREATE, { input: { pipeline: asInput(declaration) } });
    expect(res.errors).toHaveLength(1);
    const extensions = res.errors![0]!.extensions as { code: string; fields: Fault[] };
    expect(extensions.code).toBe('BAD_USER_INPUT');
    expect(extensions.fields.map((f) => f.field).sort()).toEqual(
      [...THREE_FIELDS, 'pipeline.stages[1].actions[0].name'].sort(),
    );
  });

  it('accepts an input artifact produced earlier in the same stage, at a lower runOrder', async () => {
    const declaration = simplePipeline('same-stage-flow');
    const test = { ...codeBuildAction('Test', 'BuildArtifact', 'TestReport'), runOrder: 2 };
    declaration.stages![1]!.actions!.push(test);
    const res = await gateway.query(CREATE, { input: { pipeline: asInput(declaration) } });
    expect(res.errors).toBeUndefined();
  });
});
