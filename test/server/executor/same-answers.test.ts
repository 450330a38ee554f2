import { join } from 'node:path';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { buildGatewaySchema } from '../../../src/schema/build-schema';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type GqlResponse, type TestGateway } from '../../support/gateway';
import { EDGE_CASES } from './edge-cases';
import { type FixtureValues, fixtureVariables } from './fixture-variables';
import { normalise } from './normalise';
import { collectTestDocuments } from './test-documents';

const ROOT = join(__dirname, '..', '..', '..');

/** A seeded random source, so both emulators play the same demo history. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Twin {
  emu: TestEmulator;
  gateway: TestGateway;
  fixture: FixtureValues;
}

const FIXTURE_QUERY = `{ pipelines(first: 1) { edges { node { id name stages { name actions { name } }
  latestExecution: executions(first: 1) { edges { node { id pipelineExecutionId } } } } } } }`;

interface FixtureAnswer {
  pipelines: {
    edges: {
      node: {
        id: string;
        name: string;
        stages: { name: string; actions: { name: string }[] }[];
        latestExecution: { edges: { node: { id: string; pipelineExecutionId: string } }[] };
      };
    }[];
  };
}

async function startTwin(executor: 'jit' | 'graphql-js'): Promise<Twin> {
  // Frozen clock (time moves only when the seed advances it) and the same random draws: the twins hold the same estate.
  const emu = await startTestEmulator({ seed: 'demo', random: seeded(17), clockSpeed: 1e-9 });
  const gateway = await startTestGateway(emu.url, {
    env: {
      EXECUTOR: executor,
      // Every request executes; nothing expires mid-run, so both make the same upstream calls.
      RESPONSE_CACHE_ENTRIES: '0',
      ...Object.fromEntries(
        [
          'DECLARATION',
          'LATEST_DECLARATION',
          'LIST',
          'STATE',
          'EXECUTIONS',
          'FINISHED_EXECUTION',
          'TAGS',
        ].map((kind) => [`CACHE_TTL_${kind}_SECONDS`, '3600']),
      ),
    },
  });
  const res = await gateway.query<FixtureAnswer>(FIXTURE_QUERY);
  const node = res.data?.pipelines.edges[0]?.node;
  const execution = node?.latestExecution.edges[0]?.node;
  if (!node || !execution) {
    await gateway.close();
    await emu.close();
    throw new Error(`the demo estate has no pipeline with an execution: ${JSON.stringify(res)}`);
  }
  return {
    emu,
    gateway,
    fixture: {
      pipelineName: node.name,
      pipelineId: node.id,
      pipelineExecutionId: execution.pipelineExecutionId,
      executionId: execution.id,
      stageName: node.stages[0]?.name ?? 'Source',
      actionName: node.stages[0]?.actions[0]?.name ?? 'Source',
    },
  };
}

async function post(gateway: TestGateway, body: object): Promise<GqlResponse> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as Omit<GqlResponse, 'status'>) };
}

/** One request to put to both executors. */
interface Case {
  label: string;
  query: string;
  operationName?: string;
  variables: (fixture: FixtureValues) => Record<string, unknown>;
  mutation: boolean;
}

function casesOf(label: string, source: string, fixed?: Record<string, unknown>): Case[] {
  const schema = buildGatewaySchema();
  const document = parse(source);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const cases = operations.map((operation) => ({
    label: `${label} (${operation.name?.value ?? 'anonymous'})`,
    query: source,
    operationName: operations.length > 1 ? operation.name?.value : undefined,
    variables: (fixture: FixtureValues) => fixed ?? fixtureVariables(schema, operation, fixture),
    mutation: operation.operation === 'mutation',
  }));
  if (operations.length > 1) {
    // An operation name that names none: Apollo answers 400 before either executor runs a field.
    cases.push({ ...cases[0]!, label: `${label} (no such operation)`, operationName: 'NoSuchOperation' });
  }
  return cases;
}

describe('the compiled executor (graphql-jit) and graphql-js', () => {
  let jit: Twin;
  let reference: Twin;
  const corpus = collectTestDocuments(join(ROOT, 'test', 'schema'), ROOT);

  beforeAll(async () => {
    jit = await startTwin('jit');
    reference = await startTwin('graphql-js');
  }, 60_000);

  afterAll(async () => {
    for (const twin of [jit, reference]) {
      await twin?.gateway.close();
      await twin?.emu.close();
    }
  });

  it('finds the operations the schema tests send', () => {
    expect(corpus.documents.length).toBeGreaterThanOrEqual(80);
    expect(corpus.documents.some((d) => d.source.includes('mutation'))).toBe(true);
  });

  it('give the same answers to every operation of the schema tests, and to the edge cases', async () => {
    const cases = [
      ...EDGE_CASES.flatMap((c) => casesOf(`edge case: ${c.name}`, c.source, c.variables)),
      ...corpus.documents.flatMap((d) => casesOf(d.file, d.source)),
    ];
    // Reads first, on the estate as seeded; then the writes, each on both twins in the same order.
    const ordered = [...cases.filter((c) => !c.mutation), ...cases.filter((c) => c.mutation)];
    const differences: { label: string; jit: unknown; graphqlJs: unknown }[] = [];
    let withData = 0;
    for (const c of ordered) {
      const ask = (twin: Twin) =>
        post(twin.gateway, {
          query: c.query,
          operationName: c.operationName,
          variables: c.variables(twin.fixture),
        });
      const a = normalise(await ask(jit)) as GqlResponse;
      const b = normalise(await ask(reference)) as GqlResponse;
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ label: c.label, jit: a, graphqlJs: b });
      if (a.data && !a.errors) withData += 1;
    }
    expect(differences).toEqual([]);
    // The comparison is worth something only if many answers carry data, not just errors.
    expect(withData).toBeGreaterThanOrEqual(40);
    const stats = jit.gateway.executor.compiled?.stats();
    expect(stats?.compiled).toBeGreaterThanOrEqual(40);
    // node(id) selects the Node interface, whose type-graphql resolveType is async: those run on graphql-js.
    expect(stats?.fallbacks['abstract-type']).toBeGreaterThan(0);
    expect(reference.gateway.executor.compiled).toBeUndefined();
  }, 240_000);
});
