import {
  CreatePipelineCommand,
  type PipelineDeclaration,
  PutWebhookCommand,
} from '@aws-sdk/client-codepipeline';
import {
  ARTIFACT_STORE,
  codeBuildAction,
  gitHubSourceAction,
  manualApprovalAction,
  ROLE_ARN,
  s3SourceAction,
  simplePipeline,
  stage,
} from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { API_KEYS, codeOf, gql, KEYS } from './support';

/**
 * API keys over HTTP against a real emulator: who gets in, what each role may
 * do, and how the `team-a-*` scope hides everything of team b. Writes that are
 * refused must cost CodePipeline nothing.
 */

let emu: TestEmulator;
let gateway: TestGateway;

function hooked(name: string): PipelineDeclaration {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    stages: [stage('Source', gitHubSourceAction()), stage('Build', codeBuildAction())],
  };
}

function gated(name: string): PipelineDeclaration {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    stages: [stage('Source', s3SourceAction()), stage('Approve', manualApprovalAction())],
  };
}

const PIPELINES = ['team-a-api', 'team-a-web', 'team-a-worker', 'team-b-api', 'team-b-web'];

const START = `mutation Start($name: String!) {
  startPipelineExecution(input: { name: $name }) { pipelineExecutionId }
}`;
const CREATE = `mutation Create($input: CreatePipelineInput!) { createPipeline(input: $input) { pipeline { name } } }`;

async function upstreamCalls(): Promise<number> {
  return Object.values(await emu.stats()).reduce((a, b) => a + b, 0);
}

async function resetStats(): Promise<void> {
  await emu.admin('/_emulator/stats/reset', {});
}

beforeAll(async () => {
  emu = await startTestEmulator();
  for (const name of PIPELINES) await emu.client.send(new CreatePipelineCommand({ pipeline: hooked(name) }));
  for (const name of ['team-a-gate', 'team-b-gate']) {
    await emu.client.send(new CreatePipelineCommand({ pipeline: gated(name) }));
  }
  for (const target of ['team-a-api', 'team-b-api']) {
    await emu.client.send(
      new PutWebhookCommand({
        webhook: {
          name: `${target}-hook`,
          targetPipeline: target,
          targetAction: 'Source',
          filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
          authentication: 'UNAUTHENTICATED',
          authenticationConfiguration: {},
        },
      }),
    );
  }
  emu.advance(120_000); // creation runs finish; the gates wait for their approval
  gateway = await startTestGateway(emu.url, { env: { API_KEYS } });
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
});

describe('authenticating HTTP requests with API keys', () => {
  it('answers a request without credentials with 401 UNAUTHENTICATED, calling nothing upstream', async () => {
    await resetStats();
    const res = await gql(gateway, undefined, '{ pipelines { nodes { name } } }');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeUndefined();
    expect(await upstreamCalls()).toBe(0);
  });

  it('answers a wrong key with 401 UNAUTHENTICATED and never echoes it', async () => {
    const res = await gql(gateway, 'not-a-key-0123456789abcdef', '{ gateway { version } }');
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res)).not.toContain('not-a-key-0123456789abcdef');
  });

  it('lets every role read', async () => {
    for (const key of Object.values(KEYS)) {
      const res = await gql(gateway, key, '{ gateway { version } }');
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    }
  });
});

describe('roles', () => {
  it('refuses a viewer starting an execution with FORBIDDEN, and CodePipeline is never called', async () => {
    await resetStats();
    const res = await gql(gateway, KEYS.viewer, START, { name: 'team-a-api' });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/operator role; apikey:viewer-a has the viewer role/);
    expect(await upstreamCalls()).toBe(0);
  });

  it('lets an operator start an execution of a pipeline in its scope', async () => {
    const res = await gql<{ startPipelineExecution: { pipelineExecutionId: string } }>(
      gateway,
      KEYS.operator,
      START,
      {
        name: 'team-a-api',
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.startPipelineExecution.pipelineExecutionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets only an admin create a pipeline', async () => {
    const input = (name: string) => ({
      pipeline: JSON.parse(JSON.stringify(simplePipeline(name))) as unknown,
    });
    await resetStats();
    expect(codeOf(await gql(gateway, KEYS.viewer, CREATE, { input: input('team-a-new') }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(gateway, KEYS.operator, CREATE, { input: input('team-a-new') }))).toBe(
      'FORBIDDEN',
    );
    expect(await upstreamCalls()).toBe(0);
    const res = await gql<{ createPipeline: { pipeline: { name: string } } }>(gateway, KEYS.admin, CREATE, {
      input: input('team-c-new'),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createPipeline.pipeline.name).toBe('team-c-new');
    expect((await emu.stats()).CreatePipeline).toBe(1);
  });
});

describe('the pipeline scope', () => {
  const NAMES = '{ pipelines(first: 100) { nodes { name } } }';

  it('leaves pipelines outside the scope out of lists', async () => {
    const res = await gql<{ pipelines: { nodes: { name: string }[] } }>(gateway, KEYS.viewer, NAMES);
    expect(res.data?.pipelines.nodes.map((n) => n.name).sort()).toEqual([
      'team-a-api',
      'team-a-gate',
      'team-a-web',
      'team-a-worker',
    ]);
  });

  it('never hands a scoped principal the answer cached for a wider one', async () => {
    const wide = await gql<{ pipelines: { nodes: { name: string }[] } }>(gateway, KEYS.admin, NAMES);
    expect(wide.data?.pipelines.nodes.map((n) => n.name)).toEqual(expect.arrayContaining(['team-b-api']));
    const narrow = await gql<{ pipelines: { nodes: { name: string }[] } }>(gateway, KEYS.viewer, NAMES);
    expect(narrow.data?.pipelines.nodes.map((n) => n.name)).not.toContain('team-b-api');
  });

  it('pages through the visible pipelines one at a time, each exactly once', async () => {
    const PAGE = `query Page($after: String) {
      pipelines(first: 1, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } }
    }`;
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i += 1) {
      const res = await gql<{
        pipelines: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor?: string } };
      }>(gateway, KEYS.viewer, PAGE, { after });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.pipelines.nodes.map((n) => n.name));
      if (!res.data!.pipelines.pageInfo.hasNextPage) break;
      after = res.data!.pipelines.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(['team-a-api', 'team-a-gate', 'team-a-web', 'team-a-worker']);
  });

  it('answers null for a pipeline, an execution or a node outside the scope, as if it did not exist', async () => {
    const ids = await gql<{
      pipeline: { id: string; latestExecution: { id: string; pipelineExecutionId: string } };
    }>(
      gateway,
      KEYS.admin,
      '{ pipeline(name: "team-b-api") { id latestExecution { id pipelineExecutionId } } }',
    );
    const { id, latestExecution } = ids.data!.pipeline;
    await resetStats();
    const res = await gql(
      gateway,
      KEYS.viewer,
      `query Hidden($pipelineId: ID!, $executionId: ID!, $executionUuid: String!) {
        pipeline(name: "team-b-api") { name }
        pipelineExecution(pipelineName: "team-b-api", pipelineExecutionId: $executionUuid) { status }
        pipelineNode: node(id: $pipelineId) { id }
        executionNode: node(id: $executionId) { id }
      }`,
      { pipelineId: id, executionId: latestExecution.id, executionUuid: latestExecution.pipelineExecutionId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      pipeline: null,
      pipelineExecution: null,
      pipelineNode: null,
      executionNode: null,
    });
    expect(await upstreamCalls()).toBe(0);
    const visible = await gql<{ pipeline: { name: string } }>(
      gateway,
      KEYS.viewer,
      '{ pipeline(name: "team-a-api") { name } }',
    );
    expect(visible.data?.pipeline.name).toBe('team-a-api');
  });

  it('lists only the pending approvals and webhooks of pipelines in the scope', async () => {
    const query = `{
      all: pendingApprovals { pipelineName }
      named: pendingApprovals(pipelineNames: ["team-b-gate"]) { pipelineName }
      webhooks { nodes { definition { name targetPipeline } } }
    }`;
    const admin = await gql<{ all: { pipelineName: string }[] }>(gateway, KEYS.admin, query);
    expect(admin.data?.all.map((a) => a.pipelineName).sort()).toEqual(['team-a-gate', 'team-b-gate']);
    const res = await gql<{
      all: { pipelineName: string }[];
      named: unknown[];
      webhooks: { nodes: { definition: { targetPipeline: string } }[] };
    }>(gateway, KEYS.viewer, query);
    expect(res.errors).toBeUndefined();
    expect(res.data?.all.map((a) => a.pipelineName)).toEqual(['team-a-gate']);
    expect(res.data?.named).toEqual([]);
    expect(res.data?.webhooks.nodes.map((w) => w.definition.targetPipeline)).toEqual(['team-a-api']);
  });

  it.each([
    ['an operator starting', KEYS.operator, START, { name: 'team-b-api' }],
    [
      'an operator approving',
      KEYS.operator,
      `mutation { approveAction(input: { pipelineName: "team-b-gate", stageName: "Approve", actionName: "Approve",
        pipelineExecutionId: "00000000-0000-0000-0000-000000000000", decision: APPROVED }) { decision } }`,
      {},
    ],
    [
      'an operator disabling a transition',
      KEYS.operator,
      `mutation { disableStageTransition(input: { pipelineName: "team-b-api", stageName: "Build",
        transitionType: Inbound, reason: "freeze" }) { stageName } }`,
      {},
    ],
    [
      'a scoped admin creating',
      KEYS.scopedAdmin,
      CREATE,
      { input: { pipeline: JSON.parse(JSON.stringify(simplePipeline('team-b-new'))) as unknown } },
    ],
    [
      'a scoped admin deleting',
      KEYS.scopedAdmin,
      'mutation { deletePipeline(input: { name: "team-b-web" }) { deleted } }',
      {},
    ],
    [
      'a scoped admin tagging',
      KEYS.scopedAdmin,
      `mutation { tagResource(input: { resourceArn: "arn:aws:codepipeline:us-east-1:123456789012:team-b-api",
        tags: [{ key: "k", value: "v" }] }) { resourceArn } }`,
      {},
    ],
  ])(
    'refuses %s a pipeline outside the scope with FORBIDDEN and zero upstream calls',
    async (_what, key, query, variables) => {
      await resetStats();
      const res = await gql(gateway, key, query, variables);
      expect(res.errors).toHaveLength(1);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(await upstreamCalls()).toBe(0);
    },
  );

  it('refuses a scoped admin deleting a webhook of a pipeline outside its scope, and the webhook stays', async () => {
    const res = await gql(
      gateway,
      KEYS.scopedAdmin,
      'mutation { deleteWebhook(input: { name: "team-b-api-hook" }) { deleted } }',
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    const hooks = await gql<{ webhooks: { nodes: { definition: { name: string } }[] } }>(
      gateway,
      KEYS.admin,
      '{ webhooks { nodes { definition { name } } } }',
    );
    expect(hooks.data?.webhooks.nodes.map((w) => w.definition.name)).toContain('team-b-api-hook');
  });
});
