import {
  CreatePipelineCommand,
  DeleteWebhookCommand,
  DeregisterWebhookWithThirdPartyCommand,
  ListTagsForResourceCommand,
  ListWebhooksCommand,
  PutWebhookCommand,
  RegisterWebhookWithThirdPartyCommand,
  type WebhookDefinition,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { gitHubSourceAction, simplePipeline, stage, codeBuildAction } from '../../support/declarations';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('hooked') }));
  const github = simplePipeline('github');
  github.stages = [stage('Source', gitHubSourceAction()), stage('Build', codeBuildAction())];
  await emu.client.send(new CreatePipelineCommand({ pipeline: github }));
});
afterAll(async () => {
  await emu.close();
});

function definition(name: string, extra: Partial<WebhookDefinition> = {}): WebhookDefinition {
  return {
    name,
    targetPipeline: 'hooked',
    targetAction: 'Source',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{S3Bucket}' }],
    authentication: 'GITHUB_HMAC',
    authenticationConfiguration: { SecretToken: 'shh-secret' },
    ...extra,
  };
}

const put = (webhook: WebhookDefinition, tags?: { key: string; value: string }[]) =>
  emu.client.send(new PutWebhookCommand({ webhook, tags }));

describe('PutWebhook', () => {
  it('creates a webhook with a URL and ARN, redacting the secret token it returns', async () => {
    const out = await put(definition('create'), [{ key: 'owner', value: 'ci' }]);
    expect(out.webhook?.url).toMatch(/^https:\/\/us-east-1\.webhooks\.aws\/trigger\?t=[A-Za-z0-9_-]+&v=1$/);
    expect(out.webhook?.arn).toBe('arn:aws:codepipeline:us-east-1:123456789012:webhook:create');
    expect(out.webhook?.definition).toEqual({
      ...definition('create'),
      authenticationConfiguration: { SecretToken: '<redacted>' },
    });
    expect(out.webhook?.tags).toEqual([{ key: 'owner', value: 'ci' }]);
    expect(
      emu.emulator.state.webhooks.get('create')?.item.definition?.authenticationConfiguration?.SecretToken,
    ).toBe('shh-secret');
  });

  it('replaces an existing definition but keeps its URL; delete and re-create changes it', async () => {
    const first = await put(definition('replace'));
    const second = await put(definition('replace', { filters: [{ jsonPath: '$.after' }] }));
    expect(second.webhook?.url).toBe(first.webhook?.url);
    expect(second.webhook?.definition?.filters).toEqual([{ jsonPath: '$.after' }]);
    await emu.client.send(new DeleteWebhookCommand({ name: 'replace' }));
    const third = await put(definition('replace'));
    expect(third.webhook?.url).not.toBe(first.webhook?.url);
  });

  it('requires a secret for GITHUB_HMAC and a CIDR range for IP, and nothing for UNAUTHENTICATED', async () => {
    const refused = { name: 'InvalidWebhookAuthenticationParametersException' };
    await expect(put(definition('auth', { authenticationConfiguration: {} }))).rejects.toMatchObject(refused);
    await expect(
      put(definition('auth', { authentication: 'IP', authenticationConfiguration: {} })),
    ).rejects.toMatchObject(refused);
    await expect(
      put(
        definition('auth', {
          authentication: 'IP',
          authenticationConfiguration: { AllowedIPRange: '10.0.0.0/33' },
        }),
      ),
    ).rejects.toMatchObject(refused);
    await expect(
      put(
        definition('auth', {
          authentication: 'UNAUTHENTICATED',
          authenticationConfiguration: { SecretToken: 's' },
        }),
      ),
    ).rejects.toMatchObject(refused);
    const ip = await put(
      definition('auth', {
        authentication: 'IP',
        authenticationConfiguration: { AllowedIPRange: '192.0.2.0/24' },
      }),
    );
    expect(ip.webhook?.definition?.authenticationConfiguration).toEqual({ AllowedIPRange: '192.0.2.0/24' });
  });

  it('refuses a filter that is not a JsonPath expression', async () => {
    await expect(put(definition('filter', { filters: [{ jsonPath: 'ref' }] }))).rejects.toMatchObject({
      name: 'InvalidWebhookFilterPatternException',
    });
  });

  it('refuses no filters, more than five filters and an over-long jsonPath', async () => {
    const refused = { name: 'ValidationException' };
    await expect(put(definition('count', { filters: [] }))).rejects.toMatchObject(refused);
    await expect(
      put(definition('count', { filters: Array.from({ length: 6 }, (_, i) => ({ jsonPath: `$.f${i}` })) })),
    ).rejects.toMatchObject(refused);
    await expect(
      put(definition('count', { filters: [{ jsonPath: `$.${'x'.repeat(150)}` }] })),
    ).rejects.toMatchObject(refused);
  });

  it('refuses an unknown target pipeline and an action outside its source stage', async () => {
    await expect(put(definition('target', { targetPipeline: 'nowhere' }))).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
    await expect(put(definition('target', { targetAction: 'Build' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses invalid tags', async () => {
    await expect(put(definition('tags'), [{ key: 'aws:x', value: 'y' }])).rejects.toMatchObject({
      name: 'InvalidTagsException',
    });
  });
});

describe('ListWebhooks and DeleteWebhook', () => {
  let lister: TestEmulator;

  beforeAll(async () => {
    lister = await startTestEmulator();
    await lister.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('hooked') }));
    for (const name of ['hook-c', 'hook-a', 'hook-b']) {
      await lister.client.send(new PutWebhookCommand({ webhook: definition(name) }));
    }
  });
  afterAll(async () => {
    await lister.close();
  });

  it('lists webhooks by name, redacted, in pages', async () => {
    const first = await lister.client.send(new ListWebhooksCommand({ MaxResults: 2 }));
    expect(first.webhooks?.map((w) => w.definition?.name)).toEqual(['hook-a', 'hook-b']);
    expect(first.webhooks?.[0]?.definition?.authenticationConfiguration?.SecretToken).toBe('<redacted>');
    const second = await lister.client.send(
      new ListWebhooksCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.webhooks?.map((w) => w.definition?.name)).toEqual(['hook-c']);
    expect(second.NextToken).toBeUndefined();
  });

  it('rejects a forged next token and MaxResults above 100', async () => {
    await expect(lister.client.send(new ListWebhooksCommand({ NextToken: 'forged' }))).rejects.toMatchObject({
      name: 'InvalidNextTokenException',
    });
    await expect(lister.client.send(new ListWebhooksCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('deletes a webhook and its tags, and succeeds for one that does not exist', async () => {
    await lister.client.send(
      new PutWebhookCommand({ webhook: definition('doomed'), tags: [{ key: 'k', value: 'v' }] }),
    );
    await lister.client.send(new DeleteWebhookCommand({ name: 'doomed' }));
    const all = await lister.client.send(new ListWebhooksCommand({}));
    expect(all.webhooks?.map((w) => w.definition?.name)).not.toContain('doomed');
    await expect(
      lister.client.send(
        new ListTagsForResourceCommand({
          resourceArn: 'arn:aws:codepipeline:us-east-1:123456789012:webhook:doomed',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const out = await lister.client.send(new DeleteWebhookCommand({ name: 'doomed' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
  });
});

describe('RegisterWebhookWithThirdParty and DeregisterWebhookWithThirdParty', () => {
  it('register and deregister a webhook targeting a GitHub source', async () => {
    await put(
      definition('gh', {
        targetPipeline: 'github',
        filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
      }),
    );
    await emu.client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'gh' }));
    expect(emu.emulator.state.webhooks.get('gh')?.registeredWithThirdParty).toBe(true);
    await emu.client.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'gh' }));
    expect(emu.emulator.state.webhooks.get('gh')?.registeredWithThirdParty).toBe(false);
  });

  it('refuse to register a webhook whose target is not a GitHub source', async () => {
    await put(definition('s3hook'));
    await expect(
      emu.client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 's3hook' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('refuse an unknown webhook', async () => {
    await expect(
      emu.client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'ghost' })),
    ).rejects.toMatchObject({ name: 'WebhookNotFoundException' });
    await expect(
      emu.client.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'ghost' })),
    ).rejects.toMatchObject({ name: 'WebhookNotFoundException' });
    await expect(emu.client.send(new DeregisterWebhookWithThirdPartyCommand({}))).rejects.toMatchObject({
      name: 'WebhookNotFoundException',
    });
  });
});
