import { randomUUID } from 'node:crypto';
import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListRuleExecutionsCommand,
  PutApprovalResultCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { approvalPipeline, simplePipeline, v2Pipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface Nodes<T> {
  nodes: T[];
}

/** Answers the waiting manual approval of `pipelineName`. */
async function answerApproval(
  emu: TestEmulator,
  pipelineName: string,
  status: 'Approved' | 'Rejected',
): Promise<void> {
  const state = await emu.client.send(new GetPipelineStateCommand({ name: pipelineName }));
  const token = state.stageStates?.find((s) => s.stageName === 'Approval')?.actionStates?.[0]?.latestExecution
    ?.token;
  expect(token).toBeDefined();
  await emu.client.send(
    new PutApprovalResultCommand({
      pipelineName,
      stageName: 'Approval',
      actionName: 'Approve',
      token,
      result: { status, summary: `${status} by the test` },
    }),
  );
}

async function startExecution(
  emu: TestEmulator,
  name: string,
  variables?: { name: string; value: string }[],
) {
  const out = await emu.client.send(new StartPipelineExecutionCommand({ name, variables }));
  return out.pipelineExecutionId ?? '';
}

describe('executions in the graph', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;
  /** release: the first run (started by CreatePipeline) and the second (with a variable). */
  let firstRelease: string;
  let secondRelease: string;
  /** gate: a rejected run, then an approved one. */
  let rejected: string;
  let approved: string;

  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.client.send(new CreatePipelineCommand({ pipeline: v2Pipeline('release') }));
    emu.advance(120_000);
    secondRelease = await startExecution(emu, 'release', [{ name: 'ReleaseNotes', value: 'Second release' }]);
    emu.advance(120_000);

    await emu.client.send(new CreatePipelineCommand({ pipeline: approvalPipeline('gate') }));
    emu.advance(30_000);
    await answerApproval(emu, 'gate', 'Rejected');
    emu.advance(30_000);
    approved = await startExecution(emu, 'gate');
    emu.advance(30_000);
    await answerApproval(emu, 'gate', 'Approved');
    emu.advance(60_000);

    gateway = await startTestGateway(emu.url);
    const ids = await gateway.query<{
      release: { executions: Nodes<{ pipelineExecutionId: string }> };
      gate: { executions: Nodes<{ pipelineExecutionId: string }> };
    }>(`{
      release: pipeline(name: "release") { executions { nodes { pipelineExecutionId } } }
      gate: pipeline(name: "gate") { executions { nodes { pipelineExecutionId } } }
    }`);
    expect(ids.errors).toBeUndefined();
    firstRelease = ids.data!.release.executions.nodes[1]!.pipelineExecutionId;
    rejected = ids.data!.gate.executions.nodes[1]!.pipelineExecutionId;
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  describe('Pipeline.executions and Pipeline.latestExecution', () => {
    it('lists executions newest first with their status, trigger and source revisions', async () => {
      const res = await gateway.query<{
        pipeline: {
          executions: Nodes<{
            pipelineExecutionId: string;
            pipelineName: string;
            status: string;
            startTime: string;
            lastUpdateTime: string;
            trigger: { triggerType: string };
            sourceRevisions: { actionName: string; revisionId: string }[];
          }>;
        };
      }>(`{ pipeline(name: "gate") { executions { nodes {
        pipelineExecutionId pipelineName status startTime lastUpdateTime
        trigger { triggerType } sourceRevisions { actionName revisionId }
      } } } }`);
      expect(res.errors).toBeUndefined();
      const [newest, oldest] = res.data!.pipeline.executions.nodes;
      expect(res.data!.pipeline.executions.nodes).toHaveLength(2);
      expect(newest).toMatchObject({
        pipelineExecutionId: approved,
        pipelineName: 'gate',
        status: 'Succeeded',
        trigger: { triggerType: 'StartPipelineExecution' },
        sourceRevisions: [{ actionName: 'Source', revisionId: expect.any(String) }],
      });
      expect(oldest).toMatchObject({
        pipelineExecutionId: rejected,
        status: 'Failed',
        trigger: { triggerType: 'CreatePipeline' },
      });
      expect(newest?.startTime).toMatch(ISO);
      expect(newest?.lastUpdateTime).toMatch(ISO);
    });

    it('narrows executions to those that succeeded in a stage', async () => {
      const res = await gateway.query<{
        approval: { executions: Nodes<{ pipelineExecutionId: string }> };
        source: { executions: Nodes<{ pipelineExecutionId: string }> };
        nowhere: { executions: Nodes<{ pipelineExecutionId: string }> };
      }>(`{
        approval: pipeline(name: "gate") {
          executions(filter: { succeededInStage: { stageName: "Approval" } }) { nodes { pipelineExecutionId } }
        }
        source: pipeline(name: "gate") {
          executions(filter: { succeededInStage: { stageName: "Source" } }) { nodes { pipelineExecutionId } }
        }
        nowhere: pipeline(name: "gate") {
          executions(filter: { succeededInStage: { stageName: "NoSuchStage" } }) { nodes { pipelineExecutionId } }
        }
      }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.approval.executions.nodes).toEqual([{ pipelineExecutionId: approved }]);
      expect(res.data!.source.executions.nodes).toEqual([
        { pipelineExecutionId: approved },
        { pipelineExecutionId: rejected },
      ]);
      expect(res.data!.nowhere.executions.nodes).toEqual([]);
    });

    it('gives the newest execution as latestExecution', async () => {
      const res = await gateway.query<{
        gate: { latestExecution: { pipelineExecutionId: string; status: string } };
        release: { latestExecution: { pipelineExecutionId: string; status: string } };
      }>(`{
        gate: pipeline(name: "gate") { latestExecution { pipelineExecutionId status } }
        release: pipeline(name: "release") { latestExecution { pipelineExecutionId status } }
      }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.gate.latestExecution).toEqual({ pipelineExecutionId: approved, status: 'Succeeded' });
      expect(res.data!.release.latestExecution).toEqual({
        pipelineExecutionId: secondRelease,
        status: 'Succeeded',
      });
    });
  });

  describe('Query.pipelineExecution', () => {
    it('returns the detail of one execution: version, revisions, variables and trigger', async () => {
      const res = await gateway.query<{ pipelineExecution: Record<string, unknown> }>(
        `query E($id: String!) {
          pipelineExecution(pipelineName: "release", pipelineExecutionId: $id) {
            id pipelineName pipelineExecutionId pipelineVersion status executionMode executionType
            artifactRevisions { name revisionId created }
            variables { name resolvedValue }
            trigger { triggerType triggerDetail }
            pipeline { name }
          }
        }`,
        { id: secondRelease },
      );
      expect(res.errors).toBeUndefined();
      const execution = res.data!.pipelineExecution;
      expect(execution).toMatchObject({
        pipelineName: 'release',
        pipelineExecutionId: secondRelease,
        pipelineVersion: 1,
        status: 'Succeeded',
        executionMode: 'QUEUED',
        executionType: 'STANDARD',
        artifactRevisions: [{ name: 'SourceArtifact', revisionId: expect.stringMatching(/\S/) }],
        trigger: { triggerType: 'StartPipelineExecution', triggerDetail: expect.any(String) },
        pipeline: { name: 'release' },
      });
      expect(execution.variables).toEqual(
        expect.arrayContaining([
          { name: 'ReleaseNotes', resolvedValue: 'Second release' },
          { name: 'DeployTarget', resolvedValue: 'staging' },
        ]),
      );
    });

    it('lists the action executions of one run with their input, output and deploy targets', async () => {
      const res = await gateway.query<{
        pipelineExecution: {
          actionExecutions: Nodes<{
            pipelineExecutionId: string;
            actionExecutionId: string;
            stageName: string;
            actionName: string;
            status: string;
            pipelineVersion: number;
            startTime: string;
            input: {
              actionTypeId: { category: string; provider: string };
              configuration: Record<string, string>;
              resolvedConfiguration: Record<string, string>;
              namespace: string | null;
              inputArtifacts: { name: string; s3location: { bucket: string; key: string } | null }[];
            };
            output: {
              outputArtifacts: { name: string }[];
              outputVariables: Record<string, string> | null;
              executionResult: { externalExecutionId: string | null } | null;
            };
            deployTargets: Nodes<{
              targetId: string;
              targetType: string;
              status: string;
              startTime: string;
              events: { name: string; status: string; context: { message: string } }[];
            }>;
            failedTargets: Nodes<{ targetId: string }>;
          }>;
        };
      }>(
        `query E($id: String!) {
          pipelineExecution(pipelineName: "release", pipelineExecutionId: $id) {
            actionExecutions { nodes {
              pipelineExecutionId actionExecutionId stageName actionName status pipelineVersion startTime
              input {
                actionTypeId { category provider } configuration resolvedConfiguration namespace
                inputArtifacts { name s3location { bucket key } }
              }
              output { outputArtifacts { name } outputVariables executionResult { externalExecutionId } }
              deployTargets { nodes {
                targetId targetType status startTime events { name status context { message } }
              } }
              failedTargets: deployTargets(filters: [{ name: TARGET_STATUS, values: ["Failed"] }]) {
                nodes { targetId }
              }
            } }
          }
        }`,
        { id: secondRelease },
      );
      expect(res.errors).toBeUndefined();
      const runs = res.data!.pipelineExecution.actionExecutions.nodes;
      expect(runs.map((r) => r.actionName).sort()).toEqual(['Build', 'Deploy', 'Source']);
      for (const run of runs) {
        expect(run).toMatchObject({
          pipelineExecutionId: secondRelease,
          status: 'Succeeded',
          pipelineVersion: 1,
        });
        expect(run.startTime).toMatch(ISO);
      }
      const byName = new Map(runs.map((r) => [r.actionName, r]));
      const source = byName.get('Source')!;
      expect(source.input).toMatchObject({
        actionTypeId: { category: 'Source', provider: 'CodeStarSourceConnection' },
        configuration: { BranchName: 'main' },
        namespace: 'SourceVariables',
      });
      expect(source.output.outputArtifacts).toEqual([{ name: 'SourceArtifact' }]);
      expect(source.output.outputVariables).toMatchObject({ CommitId: expect.any(String) });
      const build = byName.get('Build')!;
      expect(build.stageName).toBe('Build');
      expect(build.input.inputArtifacts).toEqual([
        {
          name: 'SourceArtifact',
          s3location: { bucket: 'emulator-artifact-bucket', key: expect.any(String) },
        },
      ]);
      expect(build.output.outputArtifacts).toEqual([{ name: 'BuildArtifact' }]);
      // Only the deploy action deployed anything.
      expect(build.deployTargets.nodes).toEqual([]);
      const deploy = byName.get('Deploy')!;
      expect(deploy.deployTargets.nodes).toHaveLength(2);
      for (const target of deploy.deployTargets.nodes) {
        expect(target).toMatchObject({ targetType: 'EC2Instance', status: 'Succeeded' });
        expect(target.targetId).toMatch(/^i-/);
        expect(target.startTime).toMatch(ISO);
        expect(target.events.map((e) => e.name)).toContain('Install');
        expect(target.events.every((e) => e.status === 'Succeeded' && e.context.message.length > 0)).toBe(
          true,
        );
      }
      expect(deploy.failedTargets.nodes).toEqual([]);
    });

    it('lists the rule executions of one run', async () => {
      const res = await gateway.query<{
        pipelineExecution: {
          ruleExecutions: Nodes<{
            pipelineExecutionId: string;
            stageName: string;
            ruleName: string;
            status: string;
            input: { ruleTypeId: { provider: string }; configuration: Record<string, string> };
            output: { executionResult: { externalExecutionSummary: string | null } | null } | null;
          }>;
        };
      }>(
        `query E($id: String!) {
          pipelineExecution(pipelineName: "release", pipelineExecutionId: $id) {
            ruleExecutions { nodes {
              pipelineExecutionId stageName ruleName status
              input { ruleTypeId { provider } configuration }
              output { executionResult { externalExecutionSummary } }
            } }
          }
        }`,
        { id: secondRelease },
      );
      expect(res.errors).toBeUndefined();
      const rules = res.data!.pipelineExecution.ruleExecutions.nodes;
      expect(rules.map((r) => r.ruleName).sort()).toEqual(['CheckTarget', 'NoAlarms']);
      for (const rule of rules) {
        expect(rule).toMatchObject({
          pipelineExecutionId: secondRelease,
          stageName: 'Deploy',
          status: 'Succeeded',
        });
      }
      expect(rules.find((r) => r.ruleName === 'CheckTarget')?.input).toMatchObject({
        ruleTypeId: { provider: 'VariableCheck' },
        configuration: { Operator: 'EQ', Value: 'staging' },
      });
    });

    it('answers null for an execution or pipeline that does not exist', async () => {
      const res = await gateway.query(
        `query E($id: String!, $real: String!) {
          unknown: pipelineExecution(pipelineName: "release", pipelineExecutionId: $id) { status }
          elsewhere: pipelineExecution(pipelineName: "gate", pipelineExecutionId: $real) { status }
          noPipeline: pipelineExecution(pipelineName: "no-such-pipeline", pipelineExecutionId: $real) { status }
        }`,
        { id: randomUUID(), real: secondRelease },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ unknown: null, elsewhere: null, noPipeline: null });
    });

    it('rejects a malformed execution id or pipeline name as BAD_USER_INPUT without calling CodePipeline', async () => {
      await emu.admin('/_emulator/stats/reset', {});
      const badId = await gateway.query(
        '{ pipelineExecution(pipelineName: "release", pipelineExecutionId: "not an id!") { status } }',
      );
      expect(badId.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'pipelineExecutionId',
      });
      const badName = await gateway.query(
        `{ pipelineExecution(pipelineName: "bad name!", pipelineExecutionId: "${secondRelease}") { status } }`,
      );
      expect(badName.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'pipelineName',
      });
      expect(await emu.stats()).toEqual({});
    });
  });

  describe('Pipeline.actionExecutions and Pipeline.ruleExecutions', () => {
    it('lists every action execution of a pipeline, newest first, as CodePipeline does', async () => {
      const upstream = await emu.client.send(new ListActionExecutionsCommand({ pipelineName: 'release' }));
      const res = await gateway.query<{
        pipeline: { actionExecutions: Nodes<{ actionExecutionId: string; pipelineExecutionId: string }> };
      }>(
        '{ pipeline(name: "release") { actionExecutions { nodes { actionExecutionId pipelineExecutionId } } } }',
      );
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.pipeline.actionExecutions.nodes;
      expect(nodes).toHaveLength(6);
      expect(nodes.map((n) => n.actionExecutionId)).toEqual(
        upstream.actionExecutionDetails?.map((d) => d.actionExecutionId),
      );
      expect(new Set(nodes.map((n) => n.pipelineExecutionId))).toEqual(
        new Set([firstRelease, secondRelease]),
      );
    });

    it('narrows action executions to one pipeline execution with a filter', async () => {
      const res = await gateway.query<{
        byId: { actionExecutions: Nodes<{ pipelineExecutionId: string; actionName: string }> };
        latest: { actionExecutions: Nodes<{ pipelineExecutionId: string; actionName: string }> };
      }>(
        `query F($id: String!) {
          byId: pipeline(name: "release") {
            actionExecutions(filter: { pipelineExecutionId: $id }) { nodes { pipelineExecutionId actionName } }
          }
          latest: pipeline(name: "release") {
            actionExecutions(filter: { latestInPipelineExecution: { pipelineExecutionId: $id, startTimeRange: Latest } }) {
              nodes { pipelineExecutionId actionName }
            }
          }
        }`,
        { id: firstRelease },
      );
      expect(res.errors).toBeUndefined();
      for (const list of [res.data!.byId, res.data!.latest]) {
        expect(list.actionExecutions.nodes).toHaveLength(3);
        expect(list.actionExecutions.nodes.every((n) => n.pipelineExecutionId === firstRelease)).toBe(true);
        expect(list.actionExecutions.nodes.map((n) => n.actionName).sort()).toEqual([
          'Build',
          'Deploy',
          'Source',
        ]);
      }
    });

    it('lists the rule executions of a pipeline, and narrows them with a filter', async () => {
      const upstream = await emu.client.send(new ListRuleExecutionsCommand({ pipelineName: 'release' }));
      const res = await gateway.query<{
        all: { ruleExecutions: Nodes<{ ruleExecutionId: string; pipelineExecutionId: string }> };
        one: { ruleExecutions: Nodes<{ ruleExecutionId: string; pipelineExecutionId: string }> };
      }>(
        `query R($id: String!) {
          all: pipeline(name: "release") { ruleExecutions { nodes { ruleExecutionId pipelineExecutionId } } }
          one: pipeline(name: "release") {
            ruleExecutions(filter: { pipelineExecutionId: $id }) { nodes { ruleExecutionId pipelineExecutionId } }
          }
        }`,
        { id: secondRelease },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.all.ruleExecutions.nodes).toHaveLength(4);
      expect(res.data!.all.ruleExecutions.nodes.map((n) => n.ruleExecutionId)).toEqual(
        upstream.ruleExecutionDetails?.map((d) => d.ruleExecutionId),
      );
      expect(res.data!.one.ruleExecutions.nodes).toHaveLength(2);
      expect(res.data!.one.ruleExecutions.nodes.every((n) => n.pipelineExecutionId === secondRelease)).toBe(
        true,
      );
    });

    it('reports a filter on an execution of another pipeline as NOT_FOUND', async () => {
      const res = await gateway.query(
        `query F($id: String!) {
          pipeline(name: "release") { actionExecutions(filter: { pipelineExecutionId: $id }) { nodes { actionName } } }
        }`,
        { id: approved },
      );
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        awsErrorName: 'PipelineExecutionNotFoundException',
      });
      expect(res.errors?.[0]?.path).toEqual(['pipeline', 'actionExecutions']);
    });
  });

  describe('Query.node', () => {
    it('round-trips a pipeline and an execution by their global id', async () => {
      const ids = await gateway.query<{
        pipeline: { id: string; latestExecution: { id: string } };
      }>('{ pipeline(name: "gate") { id latestExecution { id } } }');
      expect(ids.errors).toBeUndefined();
      const pipelineId = ids.data!.pipeline.id;
      const executionId = ids.data!.pipeline.latestExecution.id;
      expect(pipelineId).not.toBe(executionId);
      const res = await gateway.query<{
        p: { __typename: string; id: string; name: string; arn: string };
        e: {
          __typename: string;
          id: string;
          pipelineName: string;
          pipelineExecutionId: string;
          status: string;
        };
      }>(
        `query N($p: ID!, $e: ID!) {
          p: node(id: $p) { __typename id ... on Pipeline { name arn } }
          e: node(id: $e) { __typename id ... on PipelineExecution { pipelineName pipelineExecutionId status } }
        }`,
        { p: pipelineId, e: executionId },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.p).toEqual({
        __typename: 'Pipeline',
        id: pipelineId,
        name: 'gate',
        arn: 'arn:aws:codepipeline:us-east-1:123456789012:gate',
      });
      expect(res.data!.e).toEqual({
        __typename: 'PipelineExecution',
        id: executionId,
        pipelineName: 'gate',
        pipelineExecutionId: approved,
        status: 'Succeeded',
      });
    });

    it('answers null for the id of a pipeline that no longer exists', async () => {
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('short-lived') }));
      const ids = await gateway.query<{ pipeline: { id: string } }>(
        '{ pipeline(name: "short-lived") { id } }',
      );
      const id = ids.data!.pipeline.id;
      await emu.client.send(new DeletePipelineCommand({ name: 'short-lived' }));
      // A fresh gateway, so no cached declaration stands in for the deleted pipeline.
      const other = await startTestGateway(emu.url);
      try {
        const res = await other.query('query N($id: ID!) { node(id: $id) { id } }', { id });
        expect(res.errors).toBeUndefined();
        expect(res.data).toEqual({ node: null });
      } finally {
        await other.close();
      }
    });

    it.each([
      ['garbage', 'garbage!!'],
      ['base64 JSON that is not a global id', Buffer.from('{"a":1}').toString('base64url')],
      ['an unknown type', Buffer.from('["Stage","123456789012","us-east-1","x"]').toString('base64url')],
    ])('rejects %s as an id with BAD_USER_INPUT', async (_label, id) => {
      const res = await gateway.query('query N($id: ID!) { node(id: $id) { id } }', { id });
      expect(res.data).toEqual({ node: null });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    });
  });
});
