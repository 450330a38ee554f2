import { CodePipelineClient, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { parseConfig } from '../../src/server/config';
import { startGateway, type RunningGateway } from '../../src/server/gateway';

let gateway: RunningGateway;

beforeAll(async () => {
  gateway = await startGateway(
    parseConfig({ PORT: '0', HOST: '127.0.0.1', EMULATOR_SEED: 'none', LOG_LEVEL: 'error' }),
  );
});

afterAll(async () => {
  await gateway.close();
});

async function post(body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(gateway.url, { method: 'POST', headers: { 'content-type': contentType }, body });
}

describe('the gateway with no AWS account', () => {
  it('starts the emulator in-process on a loopback port and says so in the graph', async () => {
    expect(gateway.upstream.mode).toBe('emulator');
    expect(gateway.emulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(
      JSON.stringify({ query: '{ gateway { version upstream { mode endpoint region accountId } } }' }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      data: {
        gateway: {
          version: '0.1.0',
          upstream: {
            mode: 'emulator',
            endpoint: gateway.emulator?.url,
            region: 'us-east-1',
            accountId: '123456789012',
          },
        },
      },
    });
  });

  it('serves an emulator that answers the real SDK over HTTP', async () => {
    const client = new CodePipelineClient({
      endpoint: gateway.emulator?.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await expect(client.send(new ListPipelinesCommand({}))).resolves.toMatchObject({ pipelines: [] });
    client.destroy();
  });

  it('answers a broken JSON body with 400 and a code, not a crash', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers an unknown field with a validation error code', async () => {
    const res = await post(JSON.stringify({ query: '{ nope }' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });
  });

  it('reports liveness at /healthz', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
  });

  it('answers 404 outside /graphql', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/elsewhere'));
    expect(res.status).toBe(404);
  });
});
