import {
  CreatePipelineCommand,
  DisableStageTransitionCommand,
  GetPipelineCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import {
  ARTIFACT_STORE,
  approvalPipeline,
  codeBuildAction,
  DEFAULT_VARIABLES,
  ROLE_ARN,
  simplePipeline,
  stage,
  v2Pipeline,
} from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface StageView {
  name: string;
  latestExecution: { pipelineExecutionId: string; status: string } | null;
  inboundTransition: { enabled: boolean; disabledReason: string | null } | null;
  inboundExecution: { pipelineExecutionId: string; status: string } | null;
  actions: { name: string; latestExecution: { status: string; token: string | null } | null }[];
}

const STAGES = `query Stages($name: String!) {
  pipeline(name: $name) {
    stages {
      name
      latestExecution { pipelineExecutionId status }
      inboundTransition { enabled disabledReason }
      inboundExecution { pipelineExecutionId status }
      actions { name latestExecution { status token } }
    }
  }
}`;

describe('the pipeline query', () => {
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

  it('returns the metadata of a V2 pipeline, with its triggers and variables', async () => {
    await emu.client.send(
      new CreatePipelineCommand({ pipeline: v2Pipeline('v2-meta'), tags: [{ key: 'team', value: 'core' }] }),
    );
    const res = await gateway.query<{ pipeline: Record<string, unknown> }>(`{
      pipeline(name: "v2-meta") {
        id name arn version pipelineType executionMode created updated roleArn
        artifactStore { type location encryptionKey { id } }
        triggers { providerType gitConfiguration { sourceActionName push { branches { includes } } } }
        variables { name defaultValue description }
        tags { key value }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const p = res.data?.pipeline;
    expect(p).toMatchObject({
      name: 'v2-meta',
      arn: 'arn:aws:codepipeline:us-east-1:123456789012:v2-meta',
      version: 1,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      roleArn: ROLE_ARN,
      artifactStore: { type: 'S3', location: ARTIFACT_STORE.location, encryptionKey: null },
      triggers: [
        {
          providerType: 'CodeStarSourceConnection',
          gitConfiguration: { sourceActionName: 'Source', push: [{ branches: { includes: ['main'] } }] },
        },
      ],
      variables: DEFAULT_VARIABLES.map((v) => ({
        name: v.name,
        defaultValue: v.defaultValue ?? null,
        description: v.description ?? null,
      })),
      tags: [{ key: 'team', value: 'core' }],
    });
    expect(p?.created).toMatch(ISO);
    expect(p?.updated).toMatch(ISO);
    const upstream = await emu.client.send(new GetPipelineCommand({ name: 'v2-meta' }));
    expect(new Date(p?.created as string).getTime()).toBe(upstream.metadata?.created?.getTime());
    expect(typeof p?.id).toBe('string');
  });

  it('exposes the raw declaration, metadata and state shapes', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: v2Pipeline('v2-raw') }));
    emu.advance(1_000);
    const res = await gateway.query<{
      pipeline: {
        declaration: Record<string, unknown> & { stages: { name: string; actions: { name: string }[] }[] };
        metadata: { pipelineArn: string; created: string; updated: string };
        state: {
          pipelineName: string;
          pipelineVersion: number;
          created: string;
          stageStates: { stageName: string; inboundTransitionState: { enabled: boolean } }[];
        };
      };
    }>(`{
      pipeline(name: "v2-raw") {
        declaration {
          name roleArn version pipelineType executionMode
          artifactStore { type location }
          variables { name }
          stages {
            name
            actions { name runOrder actionTypeId { category owner provider version } configuration namespace
              outputArtifacts { name } inputArtifacts { name } }
            beforeEntry { conditions { result rules { name ruleTypeId { provider } } } }
            onFailure { result retryConfiguration { retryMode } }
          }
        }
        metadata { pipelineArn created updated }
        state { pipelineName pipelineVersion created updated
          stageStates { stageName inboundTransitionState { enabled } } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const { declaration, metadata, state } = res.data!.pipeline;
    expect(declaration).toMatchObject({
      name: 'v2-raw',
      roleArn: ROLE_ARN,
      version: 1,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      artifactStore: { type: 'S3', location: ARTIFACT_STORE.location },
      variables: [{ name: 'DeployTarget' }, { name: 'ReleaseNotes' }],
    });
    expect(declaration.stages.map((s) => s.name)).toEqual(['Source', 'Build', 'Deploy']);
    expect(declaration.stages[0]).toMatchObject({
      actions: [
        {
          name: 'Source',
          runOrder: 1,
          actionTypeId: {
            category: 'Source',
            owner: 'AWS',
            provider: 'CodeStarSourceConnection',
            version: '1',
          },
          configuration: { BranchName: 'main', FullRepositoryId: 'example-org/example-repo' },
          namespace: 'SourceVariables',
          outputArtifacts: [{ name: 'SourceArtifact' }],
        },
      ],
    });
    expect(declaration.stages[1]).toMatchObject({
      onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } },
    });
    expect(declaration.stages[2]).toMatchObject({
      beforeEntry: {
        conditions: [
          { result: 'FAIL', rules: [{ name: 'CheckTarget', ruleTypeId: { provider: 'VariableCheck' } }] },
        ],
      },
    });
    expect(metadata.pipelineArn).toBe('arn:aws:codepipeline:us-east-1:123456789012:v2-raw');
    expect(metadata.created).toMatch(ISO);
    expect(metadata.updated).toMatch(ISO);
    expect(state).toMatchObject({ pipelineName: 'v2-raw', pipelineVersion: 1 });
    expect(state.created).toMatch(ISO);
    expect(state.stageStates.map((s) => s.stageName)).toEqual(['Source', 'Build', 'Deploy']);
    expect(state.stageStates.every((s) => s.inboundTransitionState.enabled)).toBe(true);
  });

  it('returns an old declaration when asked for a version before an update', async () => {
    const original = simplePipeline('versioned');
    await emu.client.send(new CreatePipelineCommand({ pipeline: original }));
    const updated = simplePipeline('versioned');
    updated.stages = [
      original.stages![0]!,
      stage(
        'Build',
        codeBuildAction('Compile', 'SourceArtifact', 'BuildArtifact', { ProjectName: 'renamed-project' }),
      ),
    ];
    await emu.client.send(new UpdatePipelineCommand({ pipeline: updated }));
    const query = `query V($version: Int) {
      pipeline(name: "versioned", version: $version) {
        version
        declaration { version stages { name actions { name configuration } } }
      }
    }`;
    type V = {
      pipeline: {
        version: number;
        declaration: { version: number; stages: { actions: { name: string; configuration: unknown }[] }[] };
      };
    };
    const latest = await gateway.query<V>(query);
    expect(latest.errors).toBeUndefined();
    expect(latest.data?.pipeline.version).toBe(2);
    expect(latest.data?.pipeline.declaration.version).toBe(2);
    expect(latest.data?.pipeline.declaration.stages[1]?.actions[0]).toEqual({
      name: 'Compile',
      configuration: { ProjectName: 'renamed-project' },
    });
    const v1 = await gateway.query<V>(query, { version: 1 });
    expect(v1.errors).toBeUndefined();
    expect(v1.data?.pipeline.version).toBe(1);
    expect(v1.data?.pipeline.declaration.version).toBe(1);
    expect(v1.data?.pipeline.declaration.stages[1]?.actions[0]).toEqual({
      name: 'Build',
      configuration: { ProjectName: 'Build-project' },
    });
  });

  it('answers null without an error for a pipeline or version that does not exist', async () => {
    const res = await gateway.query(`{
      missing: pipeline(name: "no-such-pipeline") { name arn }
      noVersion: pipeline(name: "versioned", version: 99) { name }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ missing: null, noVersion: null });
  });

  it.each([
    ['characters outside the name pattern', 'bad name!'],
    ['101 characters', 'a'.repeat(101)],
    ['no characters', ''],
  ])('rejects a name of %s as BAD_USER_INPUT without calling CodePipeline', async (_label, name) => {
    await emu.admin('/_emulator/stats/reset', {});
    const res = await gateway.query('query P($name: String!) { pipeline(name: $name) { name } }', { name });
    expect(res.data?.pipeline).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(res.errors?.[0]?.message).toContain('name');
    expect(await emu.stats()).toEqual({});
  });

  it('rejects a version below 1 as BAD_USER_INPUT without calling CodePipeline', async () => {
    await emu.admin('/_emulator/stats/reset', {});
    const res = await gateway.query('{ pipeline(name: "versioned", version: 0) { name } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(await emu.stats()).toEqual({});
  });

  it('shows a waiting manual approval with its token in the joined stages', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: approvalPipeline('gated') }));
    emu.advance(30_000);
    const res = await gateway.query<{ pipeline: { stages: StageView[] } }>(STAGES, { name: 'gated' });
    expect(res.errors).toBeUndefined();
    const stages = res.data!.pipeline.stages;
    expect(stages.map((s) => s.name)).toEqual(['Source', 'Approval', 'Deploy']);
    expect(stages[0]?.latestExecution?.status).toBe('Succeeded');
    expect(stages[1]?.latestExecution?.status).toBe('InProgress');
    const approve = stages[1]?.actions[0];
    expect(approve?.name).toBe('Approve');
    expect(approve?.latestExecution?.status).toBe('InProgress');
    expect(approve?.latestExecution?.token).toMatch(/\S/);
    // The stage that has not run yet is declared, with no execution.
    expect(stages[2]?.latestExecution).toBeNull();
    expect(stages[2]?.actions).toEqual([{ name: 'Deploy', latestExecution: null }]);
  });

  it('shows a disabled transition with its reason and the execution held at it', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('held') }));
    await emu.client.send(
      new DisableStageTransitionCommand({
        pipelineName: 'held',
        stageName: 'Build',
        transitionType: 'Inbound',
        reason: 'Freeze for the release',
      }),
    );
    emu.advance(30_000);
    const res = await gateway.query<{ pipeline: { stages: StageView[] } }>(STAGES, { name: 'held' });
    expect(res.errors).toBeUndefined();
    const [source, build] = res.data!.pipeline.stages;
    expect(source?.inboundTransition).toEqual({ enabled: true, disabledReason: null });
    expect(source?.latestExecution?.status).toBe('Succeeded');
    expect(build?.inboundTransition).toEqual({ enabled: false, disabledReason: 'Freeze for the release' });
    expect(build?.inboundExecution).toEqual({
      pipelineExecutionId: source?.latestExecution?.pipelineExecutionId,
      status: 'InProgress',
    });
    expect(build?.latestExecution).toBeNull();
  });

  it('shows V2 stage conditions as declared and as they ran', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: v2Pipeline('conditions') }));
    emu.advance(120_000);
    const res = await gateway.query<{
      pipeline: {
        stages: {
          name: string;
          beforeEntry: { conditions: { result: string; rules: { name: string }[] }[] } | null;
          onSuccess: { conditions: { result: string; rules: { name: string }[] }[] } | null;
          onFailure: { result: string } | null;
          beforeEntryConditionState: {
            latestExecution: { status: string } | null;
            conditionStates: {
              latestExecution: { status: string } | null;
              ruleStates: { ruleName: string; latestExecution: { status: string } | null }[];
            }[];
          } | null;
          latestExecution: { status: string } | null;
        }[];
      };
    }>(
      `{ pipeline(name: "conditions") { stages {
        name
        latestExecution { status }
        beforeEntry { conditions { result rules { name } } }
        onSuccess { conditions { result rules { name } } }
        onFailure { result }
        beforeEntryConditionState {
          latestExecution { status }
          conditionStates { latestExecution { status } ruleStates { ruleName latestExecution { status } } }
        }
      } } }`,
    );
    expect(res.errors).toBeUndefined();
    const deploy = res.data!.pipeline.stages.find((s) => s.name === 'Deploy');
    expect(deploy).toMatchObject({
      beforeEntry: { conditions: [{ result: 'FAIL', rules: [{ name: 'CheckTarget' }] }] },
      onSuccess: { conditions: [{ result: 'ROLLBACK', rules: [{ name: 'NoAlarms' }] }] },
      onFailure: { result: 'ROLLBACK' },
      latestExecution: { status: 'Succeeded' },
      beforeEntryConditionState: {
        latestExecution: { status: 'Succeeded' },
        conditionStates: [
          {
            latestExecution: { status: 'Succeeded' },
            ruleStates: [{ ruleName: 'CheckTarget', latestExecution: { status: 'Succeeded' } }],
          },
        ],
      },
    });
    const build = res.data!.pipeline.stages.find((s) => s.name === 'Build');
    expect(build?.beforeEntry).toBeNull();
    expect(build?.beforeEntryConditionState).toBeNull();
  });
});
