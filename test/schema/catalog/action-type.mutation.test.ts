import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const CREATE = `mutation Create($input: CreateCustomActionTypeInput!) {
  createCustomActionType(input: $input) {
    actionType {
      id { category owner provider version }
      settings { entityUrlTemplate }
      actionConfigurationProperties { name required key secret queryable }
      inputArtifactDetails { minimumCount maximumCount }
    }
    tags { key value }
  }
}`;
const DELETE = `mutation Delete($input: DeleteCustomActionTypeInput!) { deleteCustomActionType(input: $input) { deleted } }`;
const UPDATE = `mutation Update($input: UpdateActionTypeInput!) {
  updateActionType(input: $input) { actionType { description id { owner provider version } urls { entityUrlTemplate } } }
}`;
const CUSTOM = `{ actionTypes(owner: Custom) { id { provider version } declaration { description } } }`;

interface Listed {
  actionTypes: {
    id: { provider: string; version: string };
    declaration: { description: string | null } | null;
  }[];
}

function customType(provider: string, version = '1') {
  return {
    category: 'Build',
    provider,
    version,
    settings: { entityUrlTemplate: 'https://ci.example.com/{Config:ProjectName}' },
    configurationProperties: [
      { name: 'ProjectName', required: true, key: true, secret: false, queryable: true, type: 'String' },
    ],
    inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    tags: [{ key: 'team', value: 'tools' }],
  };
}

function declarationOf(provider: string, owner: string, description: string) {
  return {
    description,
    executor: {
      type: 'JobWorker',
      configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ['123456789012'] } },
    },
    id: { category: 'Build', owner, provider, version: '1' },
    inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    urls: { entityUrlTemplate: 'https://ci.example.com/projects' },
  };
}

async function customProviders(): Promise<Listed['actionTypes']> {
  const res = await gateway.query<Listed>(CUSTOM);
  expect(res.errors).toBeUndefined();
  return res.data!.actionTypes;
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

describe('createCustomActionType', () => {
  it('creates a custom type with tags, and the warm catalog lists it at once', async () => {
    expect((await customProviders()).map((t) => t.id.provider)).not.toContain('MyBuilder');
    const res = await gateway.query<{ createCustomActionType: Record<string, unknown> }>(CREATE, {
      input: customType('MyBuilder'),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createCustomActionType).toMatchObject({
      actionType: {
        id: { category: 'Build', owner: 'Custom', provider: 'MyBuilder', version: '1' },
        settings: { entityUrlTemplate: 'https://ci.example.com/{Config:ProjectName}' },
        actionConfigurationProperties: [{ name: 'ProjectName', required: true, queryable: true }],
        inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
      },
      tags: [{ key: 'team', value: 'tools' }],
    });
    expect((await customProviders()).map((t) => t.id.provider)).toContain('MyBuilder');
  });

  it('rejects a bad provider and artifact counts out of range without calling CodePipeline', async () => {
    const res = await gateway.query(CREATE, {
      input: { ...customType('no spaces'), inputArtifactDetails: { minimumCount: 0, maximumCount: 6 } },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (res.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['provider', 'inputArtifactDetails.maximumCount']));
    expect(await emu.stats()).toEqual({});
  });

  it('reports a definition CodePipeline refuses as BAD_USER_INPUT with the AWS error name', async () => {
    const input = customType('TwoQueryable');
    input.configurationProperties.push({ ...input.configurationProperties[0]!, name: 'Other' });
    const res = await gateway.query(CREATE, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'ValidationException',
    });
  });

  it('reports throttling as THROTTLED', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    try {
      const res = await gateway.query(CREATE, { input: customType('Throttled') });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'THROTTLED' });
    } finally {
      await emu.admin('/_emulator/faults', { throttleRate: 0 });
    }
  });
});

describe('updateActionType', () => {
  it('replaces a declaration, returns it, and the warm catalog shows it at once', async () => {
    await gateway.query(CREATE, { input: customType('Updatable') });
    const before = (await customProviders()).find((t) => t.id.provider === 'Updatable');
    expect(before?.declaration?.description ?? null).not.toBe('Builds with care');
    const res = await gateway.query(UPDATE, {
      input: { actionType: declarationOf('Updatable', 'Custom', 'Builds with care') },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      updateActionType: {
        actionType: {
          description: 'Builds with care',
          id: { owner: 'Custom', provider: 'Updatable', version: '1' },
          urls: { entityUrlTemplate: 'https://ci.example.com/projects' },
        },
      },
    });
    const after = (await customProviders()).find((t) => t.id.provider === 'Updatable');
    expect(after?.declaration?.description).toBe('Builds with care');
  });

  it('reports a type that does not exist as NOT_FOUND', async () => {
    const res = await gateway.query(UPDATE, {
      input: { actionType: declarationOf('Nobody', 'Custom', 'x') },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'ActionTypeNotFoundException',
    });
  });

  it('reports an AWS-owned type as PRECONDITION_FAILED', async () => {
    const res = await gateway.query(UPDATE, {
      input: { actionType: declarationOf('CodeBuild', 'AWS', 'x') },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      awsErrorName: 'RequestFailedException',
    });
  });

  it('rejects a bad executor without calling CodePipeline', async () => {
    const actionType = declarationOf('Updatable', 'Custom', 'x');
    actionType.executor.configuration.jobWorkerExecutorConfiguration.pollingAccounts = ['not-an-account'];
    const res = await gateway.query(UPDATE, { input: { actionType } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'actionType.executor.configuration.jobWorkerExecutorConfiguration.pollingAccounts',
    });
    expect(await emu.stats()).toEqual({});
  });
});

describe('deleteCustomActionType', () => {
  it('deletes a custom type, and the warm catalog no longer lists it', async () => {
    await gateway.query(CREATE, { input: customType('Doomed') });
    expect((await customProviders()).map((t) => t.id.provider)).toContain('Doomed');
    const res = await gateway.query(DELETE, {
      input: { category: 'Build', provider: 'Doomed', version: '1' },
    });
    expect(res.data).toEqual({ deleteCustomActionType: { deleted: true } });
    expect((await customProviders()).map((t) => t.id.provider)).not.toContain('Doomed');
  });
});
