import {
  type ActionTypeId,
  CreateCustomActionTypeCommand,
  CreatePipelineCommand,
  PollForJobsCommand,
  PutWebhookCommand,
} from '@aws-sdk/client-codepipeline';
import { ARTIFACT_STORE, ROLE_ARN, s3SourceAction, stage } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { type Estate, PROD, SANDBOX, STAGING, startEstate } from './estate-fixture';

/**
 * The catalog, webhooks and jobs across targets: each reads the target it is
 * asked for (`account`, `region`), by the same rule as `pipeline`; a job id,
 * unique across targets, is found wherever it is.
 */

const CUSTOM: ActionTypeId = { category: 'Build', owner: 'Custom', provider: 'StagingJenkins', version: '1' };

let estate: Estate;
let gateway: TestGateway;
let jobId: string;

beforeAll(async () => {
  estate = await startEstate();
  const staging = estate.clientOf(STAGING, 'us-east-1');
  await staging.send(
    new CreateCustomActionTypeCommand({
      category: 'Build',
      provider: CUSTOM.provider,
      version: '1',
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    }),
  );
  await staging.send(
    new CreatePipelineCommand({
      pipeline: {
        name: 'jenkins-built',
        roleArn: ROLE_ARN,
        artifactStore: { ...ARTIFACT_STORE },
        stages: [
          stage('Source', s3SourceAction()),
          stage('Build', {
            name: 'Build',
            actionTypeId: CUSTOM,
            runOrder: 1,
            inputArtifacts: [{ name: 'SourceArtifact' }],
          }),
        ],
      },
    }),
  );
  await staging.send(
    new PutWebhookCommand({
      webhook: {
        name: 'load-tests-github',
        targetPipeline: 'load-tests',
        targetAction: 'Source',
        filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/main' }],
        authentication: 'UNAUTHENTICATED',
        authenticationConfiguration: {},
      },
    }),
  );
  estate.emu.emulator.advance(60_000);
  const polled = await staging.send(new PollForJobsCommand({ actionTypeId: CUSTOM }));
  jobId = polled.jobs?.[0]?.id ?? '';
  expect(jobId).not.toBe('');
  gateway = await startTestGateway(estate.emu.url, { env: { TARGETS_FILE: estate.targetsFile } });
});

afterAll(async () => {
  await gateway?.close();
  await estate.close();
});

describe('the catalog across targets', () => {
  it('lists the custom action types of the target it is asked for, each declaration read in that target', async () => {
    const query = `query ($account: String, $region: String) {
      actionTypes(owner: Custom, account: $account, region: $region) {
        id { provider } declaration { id { provider } }
      }
    }`;
    const staging = await gateway.query<{
      actionTypes: { id: { provider: string }; declaration: { id: { provider: string } } | null }[];
    }>(query, { account: STAGING, region: 'us-east-1' });
    expect(staging.errors).toBeUndefined();
    expect(staging.data?.actionTypes).toContainEqual({
      id: { provider: CUSTOM.provider },
      declaration: { id: { provider: CUSTOM.provider } },
    });
    const prod = await gateway.query<{ actionTypes: { id: { provider: string } }[] }>(query, {
      account: PROD,
      region: 'us-east-1',
    });
    expect(prod.errors).toBeUndefined();
    expect(prod.data?.actionTypes.map((t) => t.id.provider)).not.toContain(CUSTOM.provider);
  });

  it('asks which target with BAD_USER_INPUT when the graph spans several and none is named', async () => {
    const res = await gateway.query('{ ruleTypes { id { provider } } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'account' });
    expect(res.errors?.[0]?.message).toMatch(/spans 4 targets .*give `account` and `region`/);
    const named = await gateway.query<{ ruleTypes: unknown[] }>(
      `{ ruleTypes(account: "${STAGING}", region: "us-east-1") { id { provider } } }`,
    );
    expect(named.errors).toBeUndefined();
    expect(named.data?.ruleTypes.length).toBeGreaterThan(0);
  });
});

describe('webhooks across targets', () => {
  const query = `query ($account: String, $region: String) {
    webhooks(account: $account, region: $region) { edges { node { definition { name targetPipeline } } } }
  }`;

  it("lists the webhooks of the target named, and only that target's", async () => {
    type Hooks = { webhooks: { edges: { node: { definition: { name: string } } }[] } };
    const staging = await gateway.query<Hooks>(query, { account: STAGING, region: 'us-east-1' });
    expect(staging.errors).toBeUndefined();
    expect(staging.data?.webhooks.edges.map((e) => e.node.definition.name)).toEqual(['load-tests-github']);
    const prod = await gateway.query<Hooks>(query, { account: PROD, region: 'eu-west-1' });
    expect(prod.errors).toBeUndefined();
    expect(prod.data?.webhooks.edges).toEqual([]);
  });

  it('refuses a target it does not serve, and asks which one when none is named', async () => {
    const unknown = await gateway.query(query, { account: '999999999999', region: 'us-east-1' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const none = await gateway.query(query, {});
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'account' });
  });
});

describe('jobs across targets', () => {
  const query = `query ($jobId: String!, $account: String, $region: String) {
    jobDetails(jobId: $jobId, account: $account, region: $region) { id accountId data { pipelineContext { pipelineName } } }
  }`;

  it("finds a job in the target that holds it without being told, the denied target's error beside it", async () => {
    const res = await gateway.query<{
      jobDetails: { id: string; accountId: string; data: { pipelineContext: { pipelineName: string } } };
    }>(query, { jobId });
    expect(res.data?.jobDetails).toEqual({
      id: jobId,
      accountId: STAGING,
      data: { pipelineContext: { pipelineName: 'jenkins-built' } },
    });
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.account])).toEqual([
      ['ACCESS_DENIED', SANDBOX],
    ]);
  });

  it('answers null in a target that does not hold it', async () => {
    const res = await gateway.query<{ jobDetails: unknown }>(query, {
      jobId,
      account: PROD,
      region: 'us-east-1',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.jobDetails).toBeNull();
  });
});

describe('deploy targets across targets', () => {
  it("reads an action execution's deploy targets in the target it ran in", async () => {
    const res = await gateway.query<{
      pipeline: { actionExecutions: { edges: { node: { deployTargets: { edges: unknown[] } } }[] } };
    }>(
      `{ pipeline(name: "load-tests", account: "${STAGING}", region: "us-east-1") {
        actionExecutions(first: 5) { edges { node { actionExecutionId deployTargets { edges { cursor } } } } }
      } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.pipeline.actionExecutions.edges.length).toBeGreaterThan(0);
  });
});
