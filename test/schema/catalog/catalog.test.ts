import {
  CreateCustomActionTypeCommand,
  ListActionTypesCommand,
  ListRuleTypesCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

interface ActionTypeView {
  id: { category: string; owner: string; provider: string; version: string };
  settings: { entityUrlTemplate: string | null; executionUrlTemplate: string | null } | null;
  inputArtifactDetails: { minimumCount: number; maximumCount: number };
  outputArtifactDetails: { minimumCount: number; maximumCount: number };
  actionConfigurationProperties:
    | {
        name: string;
        required: boolean;
        key: boolean;
        secret: boolean;
        queryable: boolean | null;
        type: string | null;
      }[]
    | null;
  declaration: {
    id: { category: string; owner: string; provider: string; version: string };
    description: string | null;
    executor: {
      type: string;
      jobTimeout: number | null;
      configuration: {
        jobWorkerExecutorConfiguration: {
          pollingAccounts: string[] | null;
          pollingServicePrincipals: string[] | null;
        } | null;
        lambdaExecutorConfiguration: { lambdaFunctionArn: string } | null;
      };
    };
    inputArtifactDetails: { minimumCount: number; maximumCount: number };
    outputArtifactDetails: { minimumCount: number; maximumCount: number };
    properties: { name: string; optional: boolean; key: boolean; noEcho: boolean }[] | null;
    urls: { entityUrlTemplate: string | null } | null;
  } | null;
}

const ACTION_TYPES = `query Types($owner: ActionOwner, $regionFilter: String) {
  actionTypes(owner: $owner, regionFilter: $regionFilter) {
    id { category owner provider version }
    settings { entityUrlTemplate executionUrlTemplate }
    inputArtifactDetails { minimumCount maximumCount }
    outputArtifactDetails { minimumCount maximumCount }
    actionConfigurationProperties { name required key secret queryable type }
    declaration {
      id { category owner provider version }
      description
      executor {
        type jobTimeout
        configuration {
          jobWorkerExecutorConfiguration { pollingAccounts pollingServicePrincipals }
          lambdaExecutorConfiguration { lambdaFunctionArn }
        }
      }
      inputArtifactDetails { minimumCount maximumCount }
      outputArtifactDetails { minimumCount maximumCount }
      properties { name optional key noEcho }
      urls { entityUrlTemplate }
    }
  }
}`;

const idOf = (t: { id: { category?: string; owner?: string; provider?: string; version?: string } }) =>
  `${t.id.owner}/${t.id.category}/${t.id.provider}/${t.id.version}`;

describe('the catalog of action and rule types', () => {
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

  it('lists the built-in AWS action types with their settings, properties and full declaration', async () => {
    const upstream = await emu.client.send(new ListActionTypesCommand({ actionOwnerFilter: 'AWS' }));
    const res = await gateway.query<{ actionTypes: ActionTypeView[] }>(ACTION_TYPES, { owner: 'AWS' });
    expect(res.errors).toBeUndefined();
    const types = res.data!.actionTypes;
    expect(types.map(idOf)).toEqual((upstream.actionTypes ?? []).map((t) => idOf({ id: t.id ?? {} })));
    expect(types.length).toBeGreaterThan(5);
    expect(types.every((t) => t.id.owner === 'AWS')).toBe(true);
    expect(types.every((t) => t.declaration !== null)).toBe(true);

    const codeBuild = types.find((t) => t.id.category === 'Build' && t.id.provider === 'CodeBuild');
    expect(codeBuild).toBeDefined();
    expect(codeBuild!.actionConfigurationProperties).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'ProjectName', required: true, key: true })]),
    );
    expect(codeBuild!.inputArtifactDetails.minimumCount).toBeGreaterThanOrEqual(1);
    expect(codeBuild!.declaration).toMatchObject({
      id: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
      inputArtifactDetails: codeBuild!.inputArtifactDetails,
      outputArtifactDetails: codeBuild!.outputArtifactDetails,
      executor: { type: expect.stringMatching(/^(JobWorker|Lambda)$/) },
    });
    expect(codeBuild!.declaration!.properties).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'ProjectName', optional: false, key: true })]),
    );
    // Each declaration's properties mirror the listed configuration properties.
    for (const t of types) {
      expect((t.declaration!.properties ?? []).map((p) => p.name).sort()).toEqual(
        (t.actionConfigurationProperties ?? []).map((p) => p.name).sort(),
      );
    }
    const manual = types.find((t) => t.id.category === 'Approval' && t.id.provider === 'Manual');
    expect(manual).toBeDefined();
    expect(types.some((t) => t.settings?.entityUrlTemplate)).toBe(true);
  });

  it('lists partner action types under ThirdParty', async () => {
    const res = await gateway.query<{ actionTypes: ActionTypeView[] }>(ACTION_TYPES, { owner: 'ThirdParty' });
    expect(res.errors).toBeUndefined();
    const types = res.data!.actionTypes;
    expect(types.map((t) => t.id.provider)).toEqual(expect.arrayContaining(['GitHub', 'BlazeMeter']));
    expect(types.every((t) => t.id.owner === 'ThirdParty')).toBe(true);
    const github = types.find((t) => t.id.provider === 'GitHub');
    expect(github?.actionConfigurationProperties).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'OAuthToken', secret: true })]),
    );
    expect(github?.declaration?.properties).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'OAuthToken', noEcho: true })]),
    );
  });

  it('lists the rule types with their configuration properties', async () => {
    const upstream = await emu.client.send(new ListRuleTypesCommand({}));
    const res = await gateway.query<{
      ruleTypes: {
        id: { category: string; owner: string; provider: string; version: string };
        settings: { entityUrlTemplate: string | null } | null;
        inputArtifactDetails: { minimumCount: number; maximumCount: number };
        ruleConfigurationProperties:
          { name: string; required: boolean; key: boolean; secret: boolean }[] | null;
      }[];
    }>(`{
      ruleTypes {
        id { category owner provider version }
        settings { entityUrlTemplate }
        inputArtifactDetails { minimumCount maximumCount }
        ruleConfigurationProperties { name required key secret }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const types = res.data!.ruleTypes;
    expect(types.map((t) => t.id.provider)).toEqual((upstream.ruleTypes ?? []).map((t) => t.id?.provider));
    expect(types.map((t) => t.id.provider)).toEqual(
      expect.arrayContaining(['VariableCheck', 'CloudWatchAlarm', 'DeploymentWindow']),
    );
    expect(types.every((t) => t.id.category === 'Rule' && t.id.owner === 'AWS')).toBe(true);
    const variableCheck = types.find((t) => t.id.provider === 'VariableCheck');
    expect(variableCheck?.ruleConfigurationProperties?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Variable', 'Value', 'Operator']),
    );

    const filtered = await gateway.query<{ ruleTypes: unknown[] }>(
      '{ ruleTypes(ruleOwnerFilter: AWS, regionFilter: "us-east-1") { id { provider } } }',
    );
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data!.ruleTypes).toHaveLength(types.length);
  });

  it('lists a custom action type created in the account under owner Custom', async () => {
    await emu.client.send(
      new CreateCustomActionTypeCommand({
        category: 'Test',
        provider: 'LoadRunner',
        version: '2',
        settings: {
          entityUrlTemplate: 'https://loadrunner.example.com/projects/{Config:Project}',
          executionUrlTemplate: 'https://loadrunner.example.com/runs/{ExternalExecutionId}',
        },
        configurationProperties: [
          { name: 'Project', required: true, key: true, secret: false, queryable: true, type: 'String' },
          { name: 'ApiKey', required: false, key: false, secret: true, type: 'String' },
        ],
        inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
      }),
    );
    // A fresh gateway: the type list of the first one is cached for an hour.
    const fresh = await startTestGateway(emu.url);
    try {
      const res = await fresh.query<{ actionTypes: ActionTypeView[] }>(ACTION_TYPES, { owner: 'Custom' });
      expect(res.errors).toBeUndefined();
      const types = res.data!.actionTypes;
      expect(types.map(idOf)).toEqual(['Custom/Test/LoadRunner/2']);
      const [custom] = types;
      expect(custom).toMatchObject({
        settings: {
          entityUrlTemplate: 'https://loadrunner.example.com/projects/{Config:Project}',
          executionUrlTemplate: 'https://loadrunner.example.com/runs/{ExternalExecutionId}',
        },
        inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
        actionConfigurationProperties: [
          { name: 'Project', required: true, key: true, secret: false, queryable: true, type: 'String' },
          { name: 'ApiKey', required: false, key: false, secret: true, queryable: null, type: 'String' },
        ],
      });
      expect(custom?.declaration).toMatchObject({
        id: { category: 'Test', owner: 'Custom', provider: 'LoadRunner', version: '2' },
        executor: { type: 'JobWorker' },
        properties: [
          { name: 'Project', optional: false, key: true, noEcho: false },
          { name: 'ApiKey', optional: true, key: false, noEcho: true },
        ],
      });
      // Custom types are regional: another region lists only the catalog.
      const elsewhere = await fresh.query<{ actionTypes: ActionTypeView[] }>(ACTION_TYPES, {
        owner: 'Custom',
        regionFilter: 'eu-west-1',
      });
      expect(elsewhere.errors).toBeUndefined();
      expect(elsewhere.data!.actionTypes).toEqual([]);
      const all = await fresh.query<{ actionTypes: ActionTypeView[] }>(ACTION_TYPES, {});
      expect(all.errors).toBeUndefined();
      expect(all.data!.actionTypes.map(idOf)).toEqual(expect.arrayContaining(['Custom/Test/LoadRunner/2']));
      expect(new Set(all.data!.actionTypes.map((t) => t.id.owner))).toEqual(
        new Set(['AWS', 'ThirdParty', 'Custom']),
      );
    } finally {
      await fresh.close();
    }
  });

  it.each(['not a region', 'US-EAST-1', 'us-east'])(
    'rejects regionFilter %p as BAD_USER_INPUT without calling CodePipeline',
    async (regionFilter) => {
      await emu.admin('/_emulator/stats/reset', {});
      const res = await gateway.query(ACTION_TYPES, { regionFilter });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionFilter' });
      const rules = await gateway.query(
        'query R($r: String) { ruleTypes(regionFilter: $r) { id { provider } } }',
        {
          r: regionFilter,
        },
      );
      expect(rules.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionFilter' });
      expect(await emu.stats()).toEqual({});
    },
  );
});
