import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { Kind, parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { parseManifest, type TrustedOperation } from '../../../src/server/documents/manifest';
import { ensureWebBuilt } from '../../browser/support/web-build';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

/**
 * The dashboard's own operations ship as one persisted-query manifest: the
 * web build (scripts/build-web.mjs) turns web/dashboard/operations/*.graphql
 * into dist/web/persisted-query-manifest.json, and the page sends each
 * operation's id with its text, so a gateway started with that manifest as
 * TRUSTED_DOCUMENTS_FILE and TRUSTED_DOCUMENTS_ONLY=true serves the dashboard
 * and nothing else.
 */

const ROOT = resolve(__dirname, '../../..');
const OPERATIONS = join(ROOT, 'web', 'dashboard', 'operations');
const MANIFEST = join(ROOT, 'dist', 'web', 'persisted-query-manifest.json');

/** Every operation name the dashboard's .graphql files define. */
function operationNames(): string[] {
  return readdirSync(OPERATIONS)
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => parse(readFileSync(join(OPERATIONS, file), 'utf8')).definitions)
    .flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []))
    .sort();
}

/** A request as the dashboard sends it (web/dashboard/api.ts): the manifest's id and the listed text. */
function asTheDashboardSends(op: TrustedOperation, variables: Record<string, unknown> = {}) {
  return { query: op.body, variables, extensions: { persistedQuery: { version: 1, sha256Hash: op.id } } };
}

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe("the dashboard's persisted-query manifest", () => {
  let operations: TrustedOperation[];
  const byName = (name: string): TrustedOperation => {
    const op = operations.find((o) => o.name === name);
    if (!op) throw new Error(`${name} is not in the dashboard's manifest`);
    return op;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    operations = parseManifest(readFileSync(MANIFEST, 'utf8')).operations;
  }, 180_000);

  it('is built into dist/web and lists every operation of web/dashboard/operations, and the bundle sends those ids', () => {
    expect(operations.map((op) => op.name).sort()).toEqual(operationNames());
    expect(operationNames()).toEqual(
      expect.arrayContaining([
        'Estate',
        'WhoAmI',
        'Events',
        'PipelinePage',
        'Approve',
        'Start',
        'Stop',
        'Retry',
      ]),
    );
    const bundle = readFileSync(join(ROOT, 'dist', 'web', 'assets', 'dashboard.js'), 'utf8');
    for (const op of operations) expect(bundle).toContain(op.id);
  });

  it('leaves no operation text in the dashboard sources outside operations/*.graphql', () => {
    const dir = join(ROOT, 'web', 'dashboard');
    const sources = readdirSync(dir).filter((file) => /\.tsx?$/.test(file));
    const inline = sources.filter((file) =>
      /`\s*(?:query|mutation|subscription)\b/.test(readFileSync(join(dir, file), 'utf8')),
    );
    expect(inline).toEqual([]);
  });

  describe('on a gateway with TRUSTED_DOCUMENTS_FILE=<it> and TRUSTED_DOCUMENTS_ONLY=true', () => {
    let emu: TestEmulator;
    let gateway: TestGateway;
    let client: Client | undefined;

    const post = async (body: unknown): Promise<Answer> => {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
    };

    beforeAll(async () => {
      emu = await startTestEmulator({ clockSpeed: 0 });
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('alpha') }));
      gateway = await startTestGateway(emu.url, {
        env: { TRUSTED_DOCUMENTS_FILE: MANIFEST, TRUSTED_DOCUMENTS_ONLY: 'true' },
      });
    });

    afterAll(async () => {
      await client?.dispose();
      await gateway?.close();
      await emu?.close();
    });

    it('runs every query and mutation the dashboard sends', async () => {
      const started = await post(asTheDashboardSends(byName('Start'), { name: 'alpha' }));
      expect(started.errors).toBeUndefined();
      const id = (started.data?.startPipelineExecution as { pipelineExecutionId: string })
        .pipelineExecutionId;
      const since = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();
      const reads: [string, Record<string, unknown>][] = [
        ['WhoAmI', {}],
        ['Estate', {}],
        ['EstateOutline', {}],
        ['OnePipeline', { name: 'alpha' }],
        ['PipelinePage', { name: 'alpha' }],
        ['Timeline', { name: 'alpha', id }],
        ['Approvals', {}],
        ['PipelineDelivery', { name: 'alpha', since }],
        ['RevisionSearch', { id: 'abc1234' }],
      ];
      for (const [name, variables] of reads) {
        const answer = await post(asTheDashboardSends(byName(name), variables));
        expect({ name, status: answer.status, errors: answer.errors }).toEqual({
          name,
          status: 200,
          errors: undefined,
        });
      }
      // The fragment the grid's queries share is spread in full.
      const estate = (await post(asTheDashboardSends(byName('Estate')))).data?.pipelines as {
        nodes: { name: string; stages: { name: string; actions: unknown[] }[] }[];
      };
      expect(estate.nodes.map((p) => p.name)).toEqual(['alpha']);
      expect(estate.nodes[0]?.stages.length).toBeGreaterThan(0);
      expect(estate.nodes[0]?.stages[0]?.actions.length).toBeGreaterThan(0);
      // The writes run (no approval waits, and a finished stage has nothing to retry: refused by CodePipeline, not by the gate).
      const writes: [string, Record<string, unknown>][] = [
        ['Stop', { name: 'alpha', id }],
        ['Retry', { name: 'alpha', stage: 'Source', id }],
        [
          'Approve',
          {
            input: {
              pipelineName: 'alpha',
              stageName: 'Approve',
              actionName: 'Approve',
              pipelineExecutionId: id,
              decision: 'APPROVED',
            },
          },
        ],
      ];
      for (const [name, variables] of writes) {
        const answer = await post(asTheDashboardSends(byName(name), variables));
        expect(answer.status).toBe(200);
        expect(answer.errors?.map((e) => e.extensions?.code) ?? []).not.toContain(
          'PERSISTED_QUERY_NOT_LISTED',
        );
        expect(answer.errors?.map((e) => e.extensions?.code) ?? []).not.toContain(
          'GRAPHQL_VALIDATION_FAILED',
        );
      }
    });

    it("takes the dashboard's subscription over WebSocket and refuses an unlisted one", async () => {
      client = createClient({
        url: gateway.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
      });
      const firstOutcome = (payload: {
        query: string;
        variables?: Record<string, unknown>;
        extensions?: Record<string, unknown>;
      }) =>
        new Promise<{ errors?: { extensions?: { code?: string } }[]; quiet?: true }>((resolvePromise) => {
          const timer = setTimeout(() => {
            stop();
            resolvePromise({ quiet: true });
          }, 500);
          const stop = client!.subscribe(payload, {
            next: () => {
              clearTimeout(timer);
              stop();
              resolvePromise({});
            },
            error: (errors) => {
              clearTimeout(timer);
              resolvePromise({ errors: errors as { extensions?: { code?: string } }[] });
            },
            complete: () => undefined,
          });
        });
      const events = await firstOutcome(
        asTheDashboardSends(byName('Events'), { filter: { pipelineNames: ['alpha'] } }),
      );
      expect(events.errors).toBeUndefined();
      const unlisted = await firstOutcome({ query: 'subscription { pipelineEvents { kind pipelineName } }' });
      expect(unlisted.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
    });

    it('refuses an operation the dashboard does not ship, by text and by an unknown id, with 400 PERSISTED_QUERY_NOT_LISTED', async () => {
      const byText = await post({ query: 'query { viewer { id role } }' });
      expect(byText.status).toBe(400);
      expect(byText.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
      // A listed name with other text is another document.
      const edited = await post({ query: byName('WhoAmI').body.replace('role', '') });
      expect(edited.status).toBe(400);
      expect(edited.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
      const unknownId = await post({
        extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
      });
      expect(unknownId.status).toBe(400);
      expect(unknownId.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
    });
  });
});
