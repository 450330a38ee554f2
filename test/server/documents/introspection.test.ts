import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

/**
 * What the schema gives away with introspection off (INTROSPECTION=false, the
 * production default): `__schema` is refused with a message naming the
 * setting that allows it, and no error hints at field or type names ("Did
 * you mean ...?"), over HTTP and over WebSocket alike. With introspection on,
 * both come back.
 */

interface Answer {
  status: number;
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(gateway: TestGateway, query: string): Promise<Answer> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

function overWebSocket(client: Client, query: string): Promise<{ message: string }[]> {
  return new Promise((resolve) => {
    client.subscribe(
      { query },
      {
        next: () => resolve([]),
        error: (errors) => resolve(errors as { message: string }[]),
        complete: () => resolve([]),
      },
    );
  });
}

// `pipeline` misspelt: graphql-js would suggest "pipeline" and "pipelines".
const TYPO = '{ pipelinez(first: 1) { edges { node { name } } } }';

describe('introspection and schema hints', () => {
  let emu: TestEmulator;
  const gateways: TestGateway[] = [];
  const clients: Client[] = [];
  const start = async (introspection: 'true' | 'false') => {
    const gateway = await startTestGateway(emu.url, { env: { INTROSPECTION: introspection } });
    gateways.push(gateway);
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    return { gateway, client };
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(gateways.map((g) => g.close()));
    await emu.close();
  });

  describe('with INTROSPECTION=false', () => {
    let on: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => {
      on = await start('false');
    });

    it('refuses __schema with a message that names INTROSPECTION=true, not an Apollo constructor option', async () => {
      const answer = await post(on.gateway, '{ __schema { queryType { name } } }');
      expect(answer.status).toBe(400);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0]?.message).toContain('INTROSPECTION=true');
      expect(answer.errors?.[0]?.message).not.toMatch(/ApolloServer/);
      expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const type = await post(on.gateway, '{ __type(name: "Pipeline") { name } }');
      expect(type.errors?.[0]?.message).toContain('INTROSPECTION=true');
    });

    it('still answers __typename, which reveals nothing beyond the answer', async () => {
      const answer = await post(on.gateway, '{ __typename }');
      expect(answer.data).toEqual({ __typename: 'Query' });
    });

    it('gives no "Did you mean" suggestions over HTTP', async () => {
      const answer = await post(on.gateway, TYPO);
      expect(answer.errors?.[0]?.message).toBe('Cannot query field "pipelinez" on type "Query".');
    });

    it('refuses introspection and gives no suggestions over WebSocket either', async () => {
      const typo = await overWebSocket(on.client, TYPO);
      expect(typo.map((e) => e.message)).toEqual(['Cannot query field "pipelinez" on type "Query".']);
      const schema = await overWebSocket(on.client, '{ __schema { queryType { name } } }');
      expect(schema[0]?.message).toContain('INTROSPECTION=true');
    });
  });

  describe('with INTROSPECTION=true', () => {
    it('answers __schema and suggests the field meant, over HTTP and WebSocket', async () => {
      const { gateway, client } = await start('true');
      const schema = await post(gateway, '{ __schema { queryType { name } } }');
      expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const typo = await post(gateway, TYPO);
      expect(typo.errors?.[0]?.message).toMatch(/Did you mean "pipeline/);
      expect((await overWebSocket(client, TYPO))[0]?.message).toMatch(/Did you mean "pipeline/);
    });
  });
});
