import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  buildManifest,
  documentHash,
  type PersistedQueryManifest,
} from '../../../src/server/documents/manifest';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

/**
 * Trusted documents (TRUSTED_DOCUMENTS_FILE, TRUSTED_DOCUMENTS_ONLY) on a real
 * gateway: a listed operation runs by its sha256Hash or documentId, over HTTP
 * and over WebSocket; with TRUSTED_DOCUMENTS_ONLY any other document is
 * refused with PERSISTED_QUERY_NOT_LISTED (HTTP 400), before it is parsed.
 */

const FIXTURES = resolve(__dirname, '../../fixtures/documents');
const manifest: PersistedQueryManifest = buildManifest(
  readdirSync(FIXTURES).map((file) => ({ path: file, text: readFileSync(join(FIXTURES, file), 'utf8') })),
);
const byName = (name: string) => {
  const op = manifest.operations.find((o) => o.name === name);
  if (!op) throw new Error(`no operation ${name} in the fixtures' manifest`);
  return op;
};
const UNLISTED = '{ pipelines(first: 1) { edges { node { name } } } }';

interface Answer {
  status: number;
  data?: { pipelines?: { edges: { node: { name: string } }[] } };
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(gateway: TestGateway, body: unknown): Promise<Answer> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

async function get(gateway: TestGateway, params: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${gateway.url}?${new URLSearchParams(params).toString()}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

/** The first outcome of one operation over graphql-ws: its first result, or its errors. */
function overWebSocket(
  client: Client,
  payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
  quietMs = 0,
): Promise<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[]; quiet?: true }> {
  return new Promise((resolvePromise) => {
    const timer =
      quietMs > 0
        ? setTimeout(() => {
            stop();
            resolvePromise({ quiet: true });
          }, quietMs)
        : undefined;
    const stop = client.subscribe(payload, {
      next: (result) => {
        clearTimeout(timer);
        stop();
        resolvePromise(result as { data?: unknown });
      },
      error: (errors) => {
        clearTimeout(timer);
        resolvePromise({ errors: errors as { message: string }[] });
      },
      complete: () => undefined,
    });
  });
}

describe('trusted documents', () => {
  let emu: TestEmulator;
  let dir: string;
  let file: string;
  const gateways: TestGateway[] = [];
  const clients: Client[] = [];

  const wsClient = (gateway: TestGateway): Client => {
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
    for (const name of ['alpha', 'beta']) {
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
    file = join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify(manifest));
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(gateways.map((g) => g.close()));
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with TRUSTED_DOCUMENTS_ONLY=true', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
      gateway = await startTestGateway(emu.url, {
        env: { TRUSTED_DOCUMENTS_FILE: file, TRUSTED_DOCUMENTS_ONLY: 'true' },
      });
      gateways.push(gateway);
    });

    it("runs a listed query sent by Apollo's extensions.persistedQuery.sha256Hash, with no text", async () => {
      const op = byName('Pipelines');
      expect(op.id).toBe(documentHash(op.body));
      const answer = await post(gateway, {
        variables: { first: 2 },
        extensions: { persistedQuery: { version: 1, sha256Hash: op.id } },
      });
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.pipelines?.edges.map((e) => e.node.name)).toEqual(['alpha', 'beta']);
    });

    it("runs a listed query sent by GraphQL over HTTP's documentId, by POST and by GET", async () => {
      const op = byName('Pipelines');
      const posted = await post(gateway, { documentId: `sha256:${op.id}`, variables: { first: 1 } });
      expect(posted.data?.pipelines?.edges).toHaveLength(1);
      const got = await get(gateway, { documentId: op.id, variables: JSON.stringify({ first: 1 }) });
      expect(got.errors).toBeUndefined();
      expect(got.data?.pipelines?.edges).toHaveLength(1);
    });

    it('runs the text of a listed operation sent in full, since it is the same document', async () => {
      const answer = await post(gateway, { query: byName('Pipelines').body, variables: { first: 1 } });
      expect(answer.data?.pipelines?.edges).toHaveLength(1);
    });

    it('refuses any other document with HTTP 400 PERSISTED_QUERY_NOT_LISTED, by text, by unknown id, by GET', async () => {
      const refusals = [
        await post(gateway, { query: UNLISTED }),
        await post(gateway, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
        await post(gateway, { documentId: 'sha256:0123' }),
        await post(gateway, {}),
        await get(gateway, { query: UNLISTED }),
      ];
      for (const answer of refusals) {
        expect(answer.status).toBe(400);
        expect(answer.data).toBeUndefined();
        expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
      }
    });

    it('runs a listed operation over WebSocket by its hash, and a listed subscription is accepted', async () => {
      const client = wsClient(gateway);
      const result = await overWebSocket(client, {
        query: '',
        variables: { first: 2 },
        extensions: { persistedQuery: { version: 1, sha256Hash: byName('Pipelines').id } },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        pipelines: { edges: [{ node: { name: 'alpha' } }, { node: { name: 'beta' } }] },
      });
      const watched = await overWebSocket(
        client,
        {
          query: '',
          variables: { name: 'alpha' },
          extensions: { persistedQuery: { sha256Hash: byName('Watch').id } },
        },
        500,
      );
      expect(watched.errors).toBeUndefined();
    });

    it('refuses an unlisted subscription or query over WebSocket with PERSISTED_QUERY_NOT_LISTED', async () => {
      const client = wsClient(gateway);
      const unlistedSubscription = await overWebSocket(client, {
        query: 'subscription { pipelineStateChanged(name: "alpha") { name } }',
      });
      expect(unlistedSubscription.errors?.map((e) => e.extensions?.code)).toEqual([
        'PERSISTED_QUERY_NOT_LISTED',
      ]);
      const unknownId = await overWebSocket(client, {
        query: '',
        extensions: { persistedQuery: { sha256Hash: 'e'.repeat(64) } },
      });
      expect(unknownId.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
      const unlistedQuery = await overWebSocket(client, { query: UNLISTED });
      expect(unlistedQuery.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
    });
  });

  describe('with a manifest but TRUSTED_DOCUMENTS_ONLY unset', () => {
    it('resolves listed ids and still runs other documents', async () => {
      const gateway = await startTestGateway(emu.url, { env: { TRUSTED_DOCUMENTS_FILE: file } });
      gateways.push(gateway);
      const listed = await post(gateway, { documentId: byName('Pipelines').id, variables: { first: 1 } });
      expect(listed.data?.pipelines?.edges).toHaveLength(1);
      const other = await post(gateway, { query: UNLISTED });
      expect(other.status).toBe(200);
      expect(other.data?.pipelines?.edges).toHaveLength(1);
    });
  });
});
