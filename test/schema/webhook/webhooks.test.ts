import {
  CreatePipelineCommand,
  PutWebhookCommand,
  type WebhookDefinition,
} from '@aws-sdk/client-codepipeline';
import {
  ARTIFACT_STORE,
  codeBuildAction,
  gitHubSourceAction,
  ROLE_ARN,
  stage,
} from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const SECRET = 'sUp3r-s3cret-hmac-key-0123456789';

interface WebhookView {
  url: string;
  arn: string | null;
  errorCode: string | null;
  lastTriggered: string | null;
  tags: { key: string; value: string }[] | null;
  definition: {
    name: string;
    targetPipeline: string;
    targetAction: string;
    authentication: string;
    authenticationConfiguration: { AllowedIPRange: string | null; hasSecretToken: boolean };
    filters: { jsonPath: string; matchEquals: string | null }[];
  };
}

const WEBHOOK_FIELDS = `
  url arn errorCode lastTriggered
  tags { key value }
  definition {
    name targetPipeline targetAction authentication
    authenticationConfiguration { AllowedIPRange hasSecretToken }
    filters { jsonPath matchEquals }
  }`;

function gitHubPipeline(name: string) {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    stages: [stage('Source', gitHubSourceAction()), stage('Build', codeBuildAction())],
  };
}

function webhook(name: string, targetPipeline: string, auth: Partial<WebhookDefinition>): WebhookDefinition {
  return {
    name,
    targetPipeline,
    targetAction: 'Source',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
    authentication: 'UNAUTHENTICATED',
    authenticationConfiguration: {},
    ...auth,
  };
}

describe('webhooks in the graph', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;

  /** Posts a query and returns the response body as the client receives it, unparsed. */
  async function rawQuery(query: string, variables?: Record<string, unknown>): Promise<string> {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).toBe(200);
    return res.text();
  }

  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.client.send(new CreatePipelineCommand({ pipeline: gitHubPipeline('web-app') }));
    await emu.client.send(new CreatePipelineCommand({ pipeline: gitHubPipeline('docs-site') }));
    await emu.client.send(
      new PutWebhookCommand({
        webhook: webhook('a-web-app-hmac', 'web-app', {
          authentication: 'GITHUB_HMAC',
          authenticationConfiguration: { SecretToken: SECRET },
        }),
        tags: [{ key: 'team', value: 'web' }],
      }),
    );
    await emu.client.send(
      new PutWebhookCommand({
        webhook: webhook('b-web-app-ip', 'web-app', {
          authentication: 'IP',
          authenticationConfiguration: { AllowedIPRange: '192.0.2.0/24' },
        }),
      }),
    );
    await emu.client.send(new PutWebhookCommand({ webhook: webhook('c-docs-open', 'docs-site', {}) }));
    gateway = await startTestGateway(emu.url);
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  it('lists every webhook with its authentication, filters and tags, and never the secret', async () => {
    const text = await rawQuery(
      `{ webhooks(first: 10) { nodes { ${WEBHOOK_FIELDS} } pageInfo { hasNextPage } } }`,
    );
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('"SecretToken"');
    expect(text).not.toContain('<redacted>');
    const body = JSON.parse(text) as {
      errors?: unknown[];
      data: { webhooks: { nodes: WebhookView[]; pageInfo: { hasNextPage: boolean } } };
    };
    expect(body.errors).toBeUndefined();
    const nodes = body.data.webhooks.nodes;
    expect(nodes.map((n) => n.definition.name)).toEqual(['a-web-app-hmac', 'b-web-app-ip', 'c-docs-open']);
    expect(body.data.webhooks.pageInfo.hasNextPage).toBe(false);
    const [hmac, ip, open] = nodes;
    expect(hmac).toMatchObject({
      url: expect.stringMatching(/^https:\/\//),
      arn: expect.stringMatching(/^arn:aws:codepipeline:us-east-1:123456789012:webhook:/),
      tags: [{ key: 'team', value: 'web' }],
      definition: {
        targetPipeline: 'web-app',
        targetAction: 'Source',
        authentication: 'GITHUB_HMAC',
        authenticationConfiguration: { AllowedIPRange: null, hasSecretToken: true },
        filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
      },
    });
    expect(ip?.definition).toMatchObject({
      authentication: 'IP',
      authenticationConfiguration: { AllowedIPRange: '192.0.2.0/24', hasSecretToken: false },
    });
    expect(open?.definition).toMatchObject({
      targetPipeline: 'docs-site',
      authentication: 'UNAUTHENTICATED',
      authenticationConfiguration: { AllowedIPRange: null, hasSecretToken: false },
    });
    expect(open?.tags ?? []).toEqual([]);
  });

  it('pages through webhooks with first and after', async () => {
    const page = `query W($after: String) {
      webhooks(first: 2, after: $after) { nodes { definition { name } } pageInfo { hasNextPage endCursor } }
    }`;
    type W = {
      webhooks: {
        nodes: { definition: { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await gateway.query<W>(page);
    expect(first.errors).toBeUndefined();
    expect(first.data!.webhooks.nodes.map((n) => n.definition.name)).toEqual([
      'a-web-app-hmac',
      'b-web-app-ip',
    ]);
    expect(first.data!.webhooks.pageInfo.hasNextPage).toBe(true);
    const second = await gateway.query<W>(page, { after: first.data!.webhooks.pageInfo.endCursor });
    expect(second.errors).toBeUndefined();
    expect(second.data!.webhooks.nodes.map((n) => n.definition.name)).toEqual(['c-docs-open']);
    expect(second.data!.webhooks.pageInfo.hasNextPage).toBe(false);
  });

  it("lists a pipeline's own webhooks on Pipeline.webhooks, masked the same way", async () => {
    const text = await rawQuery(`{
      webApp: pipeline(name: "web-app") { webhooks { ${WEBHOOK_FIELDS} } tags { key value } }
      docs: pipeline(name: "docs-site") { webhooks { definition { name } } }
    }`);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('<redacted>');
    const body = JSON.parse(text) as {
      errors?: unknown[];
      data: { webApp: { webhooks: WebhookView[]; tags: unknown[] }; docs: { webhooks: WebhookView[] } };
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.webApp.webhooks.map((w) => w.definition.name)).toEqual([
      'a-web-app-hmac',
      'b-web-app-ip',
    ]);
    expect(body.data.webApp.webhooks[0]?.definition.authenticationConfiguration).toEqual({
      AllowedIPRange: null,
      hasSecretToken: true,
    });
    expect(body.data.webApp.webhooks[0]?.tags).toEqual([{ key: 'team', value: 'web' }]);
    // The pipeline's own tags are not the webhook's.
    expect(body.data.webApp.tags).toEqual([]);
    expect(body.data.docs.webhooks.map((w) => w.definition.name)).toEqual(['c-docs-open']);
  });

  it('has no field that could carry the secret', async () => {
    const res = await gateway.query(
      '{ webhooks { nodes { definition { authenticationConfiguration { SecretToken } } } } }',
    );
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res)).not.toContain(SECRET);
  });

  it('rejects a bad first on webhooks as BAD_USER_INPUT', async () => {
    const res = await gateway.query('{ webhooks(first: -1) { nodes { url } } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
