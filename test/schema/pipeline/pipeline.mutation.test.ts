import { CreatePipelineCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import {
  codeBuildAction,
  s3DeployAction,
  simplePipeline,
  stage,
  v2Pipeline,
} from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const CREATE = `mutation Create($input: CreatePipelineInput!) {
  createPipeline(input: $input) {
    pipeline { id name version pipelineType stages { name } }
    tags { key value }
  }
}`;

const UPDATE = `mutation Update($input: UpdatePipelineInput!) {
  updatePipeline(input: $input) { pipeline { name version stages { name } } }
}`;

const DELETE = `mutation Delete($input: DeletePipelineInput!) {
  deletePipeline(input: $input) { name deleted }
}`;

const READ = `query Read($name: String!) { pipeline(name: $name) { version stages { name } } }`;
const LIST = '{ pipelines(first: 100) { nodes { name } } }';

interface ReadResult {
  pipeline: { version: number; stages: { name: string }[] } | null;
}

/** A declaration as the graph takes it: the SDK shape, minus undefined members. */
function asInput(declaration: PipelineDeclaration): Record<string, unknown> {
  return JSON.parse(JSON.stringify(declaration)) as Record<string, unknown>;
}

async function listedNames(): Promise<string[]> {
  const res = await gateway.query<{ pipelines: { nodes: { name: string }[] } }>(LIST);
  return res.data!.pipelines.nodes.map((n) => n.name);
}

beforeAll(async () => {
  emu = await startTestEmulator();
  redis = await connectTestRedis();
  gateway = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
  await redis.cleanup();
});

beforeEach(async () => {
  await emu.admin('/_emulator/stats/reset', {});
});

describe('createPipeline', () => {
  it('creates a pipeline with tags, and the warm pipeline list shows it at once', async () => {
    await listedNames(); // warm the list
    const res = await gateway.query<{
      createPipeline: {
        pipeline: { name: string; version: number; stages: { name: string }[] };
        tags: unknown;
      };
    }>(CREATE, {
      input: { pipeline: asInput(simplePipeline('created-one')), tags: [{ key: 'team', value: 'core' }] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createPipeline.pipeline).toMatchObject({
      name: 'created-one',
      version: 1,
      stages: [{ name: 'Source' }, { name: 'Build' }],
    });
    expect(res.data!.createPipeline.tags).toEqual([{ key: 'team', value: 'core' }]);
    expect(await listedNames()).toContain('created-one');
  });

  it('creates a V2 pipeline with triggers, variables, conditions and per-Region artifact stores', async () => {
    const { artifactStore, ...v2 } = v2Pipeline('created-v2');
    const input = {
      pipeline: { ...asInput(v2), artifactStores: [{ region: 'us-east-1', artifactStore }] },
    };
    const res = await gateway.query(CREATE, { input });
    expect(res.errors).toBeUndefined();
    const read = await gateway.query<{ pipeline: Record<string, unknown> }>(
      `{ pipeline(name: "created-v2") {
        pipelineType executionMode artifactStores variables { name }
        triggers { gitConfiguration { sourceActionName push { branches { includes } } } }
        declaration { stages { name beforeEntry { conditions { result rules { name } } } } }
      } }`,
    );
    expect(read.data!.pipeline).toMatchObject({
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      artifactStores: { 'us-east-1': { type: 'S3', location: artifactStore!.location } },
      variables: [{ name: 'DeployTarget' }, { name: 'ReleaseNotes' }],
      triggers: [
        { gitConfiguration: { sourceActionName: 'Source', push: [{ branches: { includes: ['main'] } }] } },
      ],
    });
    expect(JSON.stringify(read.data)).toContain('CheckTarget');
  });

  it('refuses a name that is already taken with CONFLICT', async () => {
    const input = { pipeline: asInput(simplePipeline('taken-name')) };
    expect((await gateway.query(CREATE, { input })).errors).toBeUndefined();
    const again = await gateway.query(CREATE, { input });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      awsErrorName: 'PipelineNameInUseException',
      awsRequestId: expect.any(String),
    });
  });

  it('reports a structure only CodePipeline can judge as BAD_USER_INPUT with the AWS error name', async () => {
    // A cross-region action needs an artifact store in its Region: the gateway leaves that to CodePipeline.
    const declaration = simplePipeline('cross-region-without-store');
    declaration.stages![1] = stage('Build', { ...codeBuildAction('Build'), region: 'eu-west-1' });
    const res = await gateway.query(CREATE, { input: { pipeline: asInput(declaration) } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidStructureException',
    });
  });

  const base = (): PipelineDeclaration => simplePipeline('bad-one');
  const cases: [string, (d: PipelineDeclaration) => PipelineDeclaration, string][] = [
    ['fewer than two stages', (d) => ({ ...d, stages: d.stages!.slice(0, 1) }), 'pipeline.stages'],
    [
      'a first stage without a source action',
      (d) => ({ ...d, stages: [stage('Source', s3DeployAction('Deploy', 'X')), d.stages![1]!] }),
      'pipeline.stages[0].actions',
    ],
    [
      'a source action outside the first stage',
      (d) => ({ ...d, stages: [d.stages![0]!, { ...d.stages![1]!, actions: [d.stages![0]!.actions![0]!] }] }),
      'pipeline.stages[1].actions[0].actionTypeId.category',
    ],
    [
      'two stages with one name',
      (d) => ({ ...d, stages: [d.stages![0]!, { ...d.stages![1]!, name: 'Source' }] }),
      'pipeline.stages[1].name',
    ],
    [
      'two actions with one name in a stage',
      (d) => ({
        ...d,
        stages: [
          d.stages![0]!,
          stage(
            'Build',
            codeBuildAction('B', 'SourceArtifact', 'O1'),
            codeBuildAction('B', 'SourceArtifact', 'O2'),
          ),
        ],
      }),
      'pipeline.stages[1].actions[1].name',
    ],
    [
      'two output artifacts with one name',
      (d) => ({
        ...d,
        stages: [d.stages![0]!, stage('Build', codeBuildAction('B', 'SourceArtifact', 'SourceArtifact'))],
      }),
      'pipeline.stages[1].actions[0].outputArtifacts[0].name',
    ],
    [
      'a runOrder out of range',
      (d) => ({ ...d, stages: [d.stages![0]!, stage('Build', { ...codeBuildAction(), runOrder: 1000 })] }),
      'pipeline.stages[1].actions[0].runOrder',
    ],
    [
      'a configuration that is not a string map',
      (d) => ({
        ...d,
        stages: [
          d.stages![0]!,
          stage('Build', { ...codeBuildAction(), configuration: { ProjectName: 42 } as never }),
        ],
      }),
      'pipeline.stages[1].actions[0].configuration',
    ],
    [
      'a V1 pipeline with triggers',
      (d) => ({ ...d, triggers: v2Pipeline('x').triggers }),
      'pipeline.triggers',
    ],
    ['a V1 pipeline with variables', (d) => ({ ...d, variables: [{ name: 'v' }] }), 'pipeline.variables'],
    ['a V1 pipeline in QUEUED mode', (d) => ({ ...d, executionMode: 'QUEUED' }), 'pipeline.executionMode'],
    ['a bad pipeline name', (d) => ({ ...d, name: 'has spaces' }), 'pipeline.name'],
    ['a bad role ARN', (d) => ({ ...d, roleArn: 'not-an-arn' }), 'pipeline.roleArn'],
  ];
  it.each(cases)(
    'rejects %s with BAD_USER_INPUT naming the field, without calling CodePipeline',
    async (_, mutate, field) => {
      const res = await gateway.query(CREATE, { input: { pipeline: asInput(mutate(base())) } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await emu.stats()).toEqual({});
    },
  );

  it('reports throttling as THROTTLED', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    try {
      const res = await gateway.query(CREATE, { input: { pipeline: asInput(simplePipeline('throttled')) } });
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'THROTTLED',
        awsErrorName: 'ThrottlingException',
      });
      expect(res.data?.createPipeline ?? null).toBeNull();
    } finally {
      await emu.admin('/_emulator/faults', { throttleRate: 0 });
    }
  });
});

describe('updatePipeline', () => {
  beforeAll(async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('to-update') }));
  });

  it('returns the new version and stages, and a warm query sees them at once', async () => {
    const before = await gateway.query<ReadResult>(READ, { name: 'to-update' });
    expect(before.data!.pipeline).toMatchObject({ version: 1 });
    const declaration = simplePipeline('to-update');
    declaration.stages!.push(stage('Deploy', s3DeployAction('Deploy', 'BuildArtifact')));
    const res = await gateway.query<{ updatePipeline: { pipeline: ReadResult['pipeline'] } }>(UPDATE, {
      input: { pipeline: asInput(declaration) },
    });
    expect(res.errors).toBeUndefined();
    const expected = { version: 2, stages: [{ name: 'Source' }, { name: 'Build' }, { name: 'Deploy' }] };
    expect(res.data!.updatePipeline.pipeline).toMatchObject(expected);
    expect((await gateway.query<ReadResult>(READ, { name: 'to-update' })).data!.pipeline).toMatchObject(
      expected,
    );
  });

  it('reports a pipeline that does not exist as NOT_FOUND', async () => {
    const res = await gateway.query(UPDATE, { input: { pipeline: asInput(simplePipeline('never-made')) } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'PipelineNotFoundException',
    });
  });

  it('checks the structure before calling CodePipeline', async () => {
    const declaration = simplePipeline('to-update');
    declaration.stages = declaration.stages!.slice(0, 1);
    const res = await gateway.query(UPDATE, { input: { pipeline: asInput(declaration) } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pipeline.stages' });
    expect(await emu.stats()).toEqual({});
  });
});

describe('deletePipeline', () => {
  it('deletes a pipeline: the warm pipeline query answers null and the warm list no longer has it', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('to-delete') }));
    expect((await gateway.query<ReadResult>(READ, { name: 'to-delete' })).data!.pipeline).not.toBeNull();
    expect(await listedNames()).toContain('to-delete');
    const res = await gateway.query(DELETE, { input: { name: 'to-delete' } });
    expect(res.data).toEqual({ deletePipeline: { name: 'to-delete', deleted: true } });
    expect((await gateway.query<ReadResult>(READ, { name: 'to-delete' })).data!.pipeline).toBeNull();
    expect(await listedNames()).not.toContain('to-delete');
  });

  it('succeeds for a pipeline that does not exist, as CodePipeline does', async () => {
    const res = await gateway.query(DELETE, { input: { name: 'was-never-there' } });
    expect(res.data).toEqual({ deletePipeline: { name: 'was-never-there', deleted: true } });
  });
});
