import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { gitHubSourceAction, simplePipeline, stage } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;

const SECRET = 'do-not-leak-this-secret-9f3a';

const PUT = `mutation Put($input: PutWebhookInput!) {
  putWebhook(input: $input) {
    webhook {
      url arn tags { key value }
      definition {
        name targetPipeline targetAction authentication
        filters { jsonPath matchEquals }
        authenticationConfiguration { AllowedIPRange hasSecretToken }
      }
    }
  }
}`;
const DELETE = `mutation Delete($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { name deleted } }`;
const REGISTER = `mutation Register($input: WebhookRegistrationInput!) {
  registerWebhookWithThirdParty(input: $input) { webhookName ok }
}`;
const DEREGISTER = `mutation Deregister($input: WebhookRegistrationInput!) {
  deregisterWebhookWithThirdParty(input: $input) { webhookName ok }
}`;
const LIST = `{ webhooks(first: 100) { nodes { definition { name authenticationConfiguration { hasSecretToken } } } } }`;

function hmacWebhook(name: string, overrides: Record<string, unknown> = {}) {
  return {
    webhook: {
      name,
      targetPipeline: 'github-fed',
      targetAction: 'Source',
      filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
      authentication: 'GITHUB_HMAC',
      authenticationConfiguration: { SecretToken: SECRET },
      ...overrides,
    },
    tags: [{ key: 'owner', value: 'ci' }],
  };
}

async function listedWebhooks(): Promise<string[]> {
  const res = await gateway.query<{ webhooks: { nodes: { definition: { name: string } }[] } }>(LIST);
  expect(JSON.stringify(res)).not.toContain(SECRET);
  return res.data!.webhooks.nodes.map((n) => n.definition.name);
}

beforeAll(async () => {
  emu = await startTestEmulator();
  const declaration = simplePipeline('github-fed');
  declaration.stages![0] = stage('Source', gitHubSourceAction());
  await emu.client.send(new CreatePipelineCommand({ pipeline: declaration }));
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

describe('putWebhook', () => {
  it('stores a webhook, returns it with the secret masked, and the warm webhook list shows it at once', async () => {
    expect(await listedWebhooks()).not.toContain('on-push');
    const res = await gateway.query<{ putWebhook: { webhook: Record<string, unknown> } }>(PUT, {
      input: hmacWebhook('on-push'),
    });
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(res.data!.putWebhook.webhook).toMatchObject({
      url: expect.stringMatching(/^https:\/\//),
      tags: [{ key: 'owner', value: 'ci' }],
      definition: {
        name: 'on-push',
        targetPipeline: 'github-fed',
        authentication: 'GITHUB_HMAC',
        authenticationConfiguration: { AllowedIPRange: null, hasSecretToken: true },
      },
    });
    expect(await listedWebhooks()).toContain('on-push');
  });

  it('replaces a definition and keeps the URL', async () => {
    type Put = { putWebhook: { webhook: { url: string; definition: { authentication: string } } } };
    const first = await gateway.query<Put>(PUT, { input: hmacWebhook('replaced') });
    const second = await gateway.query<Put>(PUT, {
      input: hmacWebhook('replaced', {
        authentication: 'IP',
        authenticationConfiguration: { AllowedIPRange: '192.0.2.0/24' },
      }),
    });
    expect(second.errors).toBeUndefined();
    expect(second.data!.putWebhook.webhook.url).toBe(first.data!.putWebhook.webhook.url);
    expect(second.data!.putWebhook.webhook.definition.authentication).toBe('IP');
  });

  it('rejects bad names and too many filters without calling CodePipeline', async () => {
    const res = await gateway.query(PUT, {
      input: hmacWebhook('bad name', { filters: Array(6).fill({ jsonPath: '$.ref' }) }),
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'webhook.name' });
    expect(res.errors?.[0]?.message).toContain('webhook.filters');
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(await emu.stats()).toEqual({});
  });

  it('reports a filter CodePipeline refuses as BAD_USER_INPUT with the AWS error name', async () => {
    const res = await gateway.query(PUT, {
      input: hmacWebhook('bad-filter', { filters: [{ jsonPath: 'ref' }] }),
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidWebhookFilterPatternException',
    });
  });

  it('reports authentication settings that do not fit the scheme as BAD_USER_INPUT, never echoing the secret', async () => {
    const res = await gateway.query(PUT, {
      input: hmacWebhook('bad-auth', { authentication: 'IP' }),
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidWebhookAuthenticationParametersException',
    });
    expect(JSON.stringify(res)).not.toContain(SECRET);
  });

  it('reports throttling as THROTTLED', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    try {
      const res = await gateway.query(PUT, { input: hmacWebhook('throttled') });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'THROTTLED' });
    } finally {
      await emu.admin('/_emulator/faults', { throttleRate: 0 });
    }
  });
});

describe('registering with the third party', () => {
  it('registers and deregisters a GitHub webhook', async () => {
    await gateway.query(PUT, { input: hmacWebhook('registered') });
    const reg = await gateway.query(REGISTER, { input: { webhookName: 'registered' } });
    expect(reg.data).toEqual({ registerWebhookWithThirdParty: { webhookName: 'registered', ok: true } });
    const dereg = await gateway.query(DEREGISTER, { input: { webhookName: 'registered' } });
    expect(dereg.data).toEqual({ deregisterWebhookWithThirdParty: { webhookName: 'registered', ok: true } });
  });

  it('reports a webhook that does not exist as NOT_FOUND', async () => {
    for (const mutation of [REGISTER, DEREGISTER]) {
      const res = await gateway.query(mutation, { input: { webhookName: 'ghost-hook' } });
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        awsErrorName: 'WebhookNotFoundException',
      });
      expect(res.data).toBeNull();
    }
  });
});

describe('deleteWebhook', () => {
  it('deletes a webhook, and the warm webhook list no longer shows it', async () => {
    await gateway.query(PUT, { input: hmacWebhook('doomed') });
    expect(await listedWebhooks()).toContain('doomed');
    const res = await gateway.query(DELETE, { input: { name: 'doomed' } });
    expect(res.data).toEqual({ deleteWebhook: { name: 'doomed', deleted: true } });
    expect(await listedWebhooks()).not.toContain('doomed');
  });
});
