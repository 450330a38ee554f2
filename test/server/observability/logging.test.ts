import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type RunningGateway } from '../../../src/server/gateway';
import { approvalPipeline, simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { captureLogs, type CapturedLogs, eventually, startObservedGateway } from './helpers';

/** Secrets a client sends in every place a secret can travel. None may ever reach a log line. */
const SECRETS = {
  bearer: 'bearer-secret-7d1c9a4e',
  cookie: 'cookie-secret-52be10f3',
  apiKey: 'apikey-secret-0c6f7b21',
  approvalToken: 'approval-secret-9e8d7c6b',
  webhookInline: 'webhook-inline-secret-1a2b3c',
  webhookVariable: 'webhook-variable-secret-4d5e6f',
  literalInError: 'literal-secret-in-error-8f9e',
  brokenJson: 'broken-json-secret-77aa',
  urlQuery: 'url-query-secret-31cd',
  connectionParam: 'ws-connection-secret-65ef',
  awsSecretKey: 'aws-secret-access-key-0b1c',
  awsSessionToken: 'aws-session-token-2d3e',
};

const AUTH_HEADERS = {
  authorization: `Bearer ${SECRETS.bearer}`,
  cookie: `session=${SECRETS.cookie}`,
  'x-api-key': SECRETS.apiKey,
};

let emu: TestEmulator;
let logs: CapturedLogs;
let gateway: RunningGateway;

interface Sent {
  status: number;
  requestId: string | null;
  body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH_HEADERS, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    requestId: res.headers.get('x-request-id'),
    body: (await res.json()) as Sent['body'],
  };
}

/** The request lines written so far, one per HTTP request. */
function requestLines(): Record<string, unknown>[] {
  return logs.lines().filter((l) => l.msg === 'graphql request' || l.msg === 'http request');
}

function lineFor(requestId: string | null): Record<string, unknown> | undefined {
  return requestLines().find((l) => l.reqId === requestId);
}

beforeAll(async () => {
  emu = await startTestEmulator();
  logs = captureLogs('debug');
  gateway = await startObservedGateway(emu.url, logs);
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('shop-api') }));
  await emu.client.send(new CreatePipelineCommand({ pipeline: approvalPipeline('shop-release') }));
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
});

describe('the request log', () => {
  it('writes one line per GraphQL request with its id, operation, duration, upstream calls and cache outcome', async () => {
    const query = 'query ListPipelines($first: Int) { pipelines(first: $first) { nodes { name } } }';
    const first = await post({ query, variables: { first: 10 } }, { 'x-request-id': 'edge-7f3a-0001' });
    expect(first.status).toBe(200);
    expect(first.requestId).toBe('edge-7f3a-0001');
    // Another selection of the same data: not a whole answer reused, but the cached list read again.
    const second = await post({
      query: query.replace('{ name }', '{ name } pageInfo { hasNextPage }'),
      variables: { first: 10 },
    });
    expect(second.requestId).toMatch(/^[0-9a-f-]{36}$/);

    await eventually(() => lineFor(second.requestId) !== undefined, 'the second request line');
    const cold = lineFor('edge-7f3a-0001');
    expect(cold).toMatchObject({
      level: 'info',
      msg: 'graphql request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'ListPipelines',
      operationType: 'query',
      variables: ['first'],
      upstream: { calls: 1, byOperation: { ListPipelines: 1 } },
      cache: { hit: 0, miss: 1, stale: 0 },
    });
    expect(typeof cold?.durationMs).toBe('number');
    expect(cold?.queryHash).toMatch(/^[0-9a-f]{16}$/);
    expect(lineFor(second.requestId)).toMatchObject({
      upstream: { calls: 0, byOperation: {} },
      cache: { hit: 1, miss: 0 },
    });
    expect(requestLines().filter((l) => l.reqId === 'edge-7f3a-0001')).toHaveLength(1);
  });

  it('replaces an x-request-id that is not sane with a fresh one', async () => {
    const res = await post({ query: '{ gateway { version } }' }, { 'x-request-id': 'a'.repeat(500) });
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await eventually(() => lineFor(res.requestId) !== undefined, 'the request line');
    expect(lineFor(res.requestId)).toMatchObject({ operation: 'anonymous', operationType: 'query' });
  });

  it('logs the error codes of a failed request, never its messages', async () => {
    const res = await post({
      query: `mutation { putApprovalResult(input: { pipelineName: "nope", stageName: "Approval", actionName: "Approve",
        result: { status: Approved, summary: "ok" }, token: "${SECRETS.approvalToken}" }) { pipeline { name } } }`,
    });
    const codes = res.body.errors?.map((e) => e.extensions?.code);
    expect(codes?.length).toBeGreaterThan(0);
    await eventually(() => lineFor(res.requestId) !== undefined, 'the request line');
    expect(lineFor(res.requestId)).toMatchObject({ operationType: 'mutation', errors: codes });
  });

  it('never writes a token, credential or secret, wherever the client put it', async () => {
    const sent: Sent[] = [];
    // An approval token in variables.
    sent.push(
      await post({
        query:
          'mutation Approve($input: PutApprovalResultInput!) { putApprovalResult(input: $input) { pipeline { name } } }',
        variables: {
          input: {
            pipelineName: 'shop-release',
            stageName: 'Approval',
            actionName: 'Approve',
            result: { status: 'Approved', summary: 'looks good' },
            token: SECRETS.approvalToken,
          },
        },
      }),
    );
    // A webhook secret inline in the query text, and one in variables.
    const webhook = (secret: string) => ({
      name: 'shop-hook',
      targetPipeline: 'shop-api',
      targetAction: 'Source',
      authentication: 'GITHUB_HMAC',
      authenticationConfiguration: { SecretToken: secret },
      filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/main' }],
    });
    sent.push(
      await post({
        query: `mutation { putWebhook(input: { webhook: { name: "shop-hook", targetPipeline: "shop-api",
          targetAction: "Source", authentication: GITHUB_HMAC,
          authenticationConfiguration: { SecretToken: "${SECRETS.webhookInline}" },
          filters: [{ jsonPath: "$.ref", matchEquals: "refs/heads/main" }] } }) { webhook { definition { name } } } }`,
      }),
    );
    sent.push(
      await post({
        query:
          'mutation Hook($input: PutWebhookInput!) { putWebhook(input: $input) { webhook { definition { name } } } }',
        variables: { input: { webhook: webhook(SECRETS.webhookVariable) } },
      }),
    );
    // Credentials-shaped variables, and a literal the validator echoes in its error message.
    sent.push(
      await post({
        query: 'query Creds($first: Int) { pipelines(first: $first) { nodes { name } } }',
        variables: { first: 1, secretAccessKey: SECRETS.awsSecretKey, sessionToken: SECRETS.awsSessionToken },
      }),
    );
    sent.push(await post({ query: `{ pipelines(first: "${SECRETS.literalInError}") { nodes { name } } }` }));
    // A body that is not JSON, and a GET with the secret in the URL.
    sent.push(await post(`{"query": "${SECRETS.brokenJson}`));
    const get = await fetch(
      `${gateway.url}?query=${encodeURIComponent(`{ pipeline(name: "${SECRETS.urlQuery}") { name } }`)}`,
      { headers: { ...AUTH_HEADERS, 'apollo-require-preflight': 'true' } },
    );
    await get.text();
    sent.push({ status: get.status, requestId: get.headers.get('x-request-id'), body: {} });
    // A subscription whose connectionParams carry a credential.
    const client = createClient({
      url: gateway.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: {
        authorization: `Bearer ${SECRETS.connectionParam}`,
        token: SECRETS.connectionParam,
      },
      lazy: true,
      retryAttempts: 0,
    });
    const received: unknown[] = [];
    const unsubscribe = client.subscribe(
      { query: 'subscription { pipelineEvents(filter: { pipelineNames: ["shop-api"] }) { kind } }' },
      { next: (v) => received.push(v), error: () => undefined, complete: () => undefined },
    );
    await eventually(() => gateway.ws.connections > 0, 'the WebSocket to connect');
    unsubscribe();
    await client.dispose();

    expect(sent.map((s) => s.status)).not.toContain(500);
    for (const { requestId } of sent) {
      await eventually(() => lineFor(requestId) !== undefined, `the line of request ${requestId}`);
    }
    const text = logs.text();
    for (const [where, secret] of Object.entries(SECRETS)) {
      expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
    expect(text).not.toContain('Bearer');
    expect(lineFor(sent[3]?.requestId ?? null)).toMatchObject({
      variables: ['first', 'secretAccessKey', 'sessionToken'],
    });
  });

  it('puts a request id on every request line, the one echoed in the response header', async () => {
    const lines = requestLines();
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) expect(typeof line.reqId === 'string' && line.reqId !== '').toBe(true);
  });

  it('redacts secret fields even in an object logged by mistake', () => {
    logs.logger.info(
      {
        headers: {
          authorization: `Bearer ${SECRETS.bearer}`,
          cookie: SECRETS.cookie,
          'x-api-key': SECRETS.apiKey,
        },
        connectionParams: { anything: SECRETS.connectionParam },
        input: {
          token: SECRETS.approvalToken,
          clientToken: SECRETS.approvalToken,
          nonce: SECRETS.approvalToken,
          webhook: { authenticationConfiguration: { SecretToken: SECRETS.webhookVariable } },
        },
        credentials: { secretAccessKey: SECRETS.awsSecretKey, sessionToken: SECRETS.awsSessionToken },
      },
      'a careless line',
    );
    const line = logs.lines().find((l) => l.msg === 'a careless line');
    expect(line).toMatchObject({
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' },
      connectionParams: '[redacted]',
      input: {
        token: '[redacted]',
        clientToken: '[redacted]',
        nonce: '[redacted]',
        webhook: { authenticationConfiguration: { SecretToken: '[redacted]' } },
      },
      credentials: { secretAccessKey: '[redacted]', sessionToken: '[redacted]' },
    });
    const text = JSON.stringify(line);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});
