import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { type GqlResponse, startTestGateway, type TestGateway } from '../../support/gateway';

const PIPELINES = 23;
const EXECUTIONS = 5;

interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const PIPELINES_PAGE = `query Pipelines($first: Int, $after: String) {
  pipelines(first: $first, after: $after) {
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const EXECUTIONS_PAGE = `query Executions($first: Int, $after: String) {
  pipeline(name: "busy") {
    executions(first: $first, after: $after) {
      edges { cursor node { pipelineExecutionId } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('paging through lists', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;
  const names: string[] = [];

  /**
   * `pipelines` pages across targets: its cursor names the target around that
   * target's own cursor. This keeps the target a real page gave and puts
   * `inner` (forged) inside it, so the target's own cursor checks are reached.
   */
  const inTarget = (inner: string) => async (): Promise<string> => {
    const real = await gateway.query<{ pipelines: Page<{ name: string }> }>(PIPELINES_PAGE, { first: 1 });
    const endCursor = real.data?.pipelines.pageInfo.endCursor ?? '';
    const outer = JSON.parse(Buffer.from(endCursor, 'base64url').toString('utf8')) as { k: string };
    return encode({ k: outer.k, c: inner });
  };

  beforeAll(async () => {
    emu = await startTestEmulator();
    for (let i = 0; i < PIPELINES; i += 1) {
      const name = `page-${String(i).padStart(2, '0')}`;
      names.push(name);
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    await emu.client.send(
      new CreatePipelineCommand({
        pipeline: simplePipeline('busy', { pipelineType: 'V2', executionMode: 'PARALLEL' }),
      }),
    );
    names.push('busy');
    for (let i = 1; i < EXECUTIONS; i += 1) {
      emu.advance(1_000);
      await emu.client.send(new StartPipelineExecutionCommand({ name: 'busy' }));
    }
    emu.advance(60_000);
    gateway = await startTestGateway(emu.url);
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  it('visits every pipeline exactly once, five at a time, and ends with hasNextPage false', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: GqlResponse<{ pipelines: Page<{ name: string }> }> = await gateway.query(PIPELINES_PAGE, {
        first: 5,
        after,
      });
      expect(res.errors).toBeUndefined();
      const page: Page<{ name: string }> = res.data!.pipelines;
      pages += 1;
      expect(page.edges.length).toBeLessThanOrEqual(5);
      expect(page.pageInfo.hasPreviousPage).toBe(false);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor);
      seen.push(...page.edges.map((e) => e.node.name));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(5);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBe(Math.ceil(names.length / 5));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...names].sort());
  });

  it('resumes after any edge cursor, not only the last one of a page', async () => {
    const whole = await gateway.query<{ pipelines: Page<{ name: string }> }>(PIPELINES_PAGE, { first: 100 });
    const all = whole.data!.pipelines.edges.map((e) => e.node.name);
    expect(all).toHaveLength(names.length);
    expect(whole.data!.pipelines.pageInfo.hasNextPage).toBe(false);
    const cursor = whole.data!.pipelines.edges[11]!.cursor;
    const rest = await gateway.query<{ pipelines: Page<{ name: string }> }>(PIPELINES_PAGE, {
      first: 100,
      after: cursor,
    });
    expect(rest.errors).toBeUndefined();
    expect(rest.data!.pipelines.edges.map((e) => e.node.name)).toEqual(all.slice(12));
  });

  it('pages through executions two at a time, newest first, as CodePipeline lists them', async () => {
    const upstream = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'busy' }));
    const expected = (upstream.pipelineExecutionSummaries ?? []).map((s) => s.pipelineExecutionId);
    expect(expected).toHaveLength(EXECUTIONS);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages += 1) {
      const res: GqlResponse<{ pipeline: { executions: Page<{ pipelineExecutionId: string }> } }> =
        await gateway.query(EXECUTIONS_PAGE, { first: 2, after });
      expect(res.errors).toBeUndefined();
      const page: Page<{ pipelineExecutionId: string }> = res.data!.pipeline.executions;
      seen.push(...page.edges.map((e) => e.node.pipelineExecutionId));
      if (!page.pageInfo.hasNextPage) {
        expect(pages).toBe(Math.ceil(EXECUTIONS / 2));
        break;
      }
      expect(page.edges).toHaveLength(2);
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('answers an empty page with first: 0', async () => {
    const res = await gateway.query<{ pipelines: Page<{ name: string }> }>(PIPELINES_PAGE, { first: 0 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.pipelines.edges).toEqual([]);
  });

  it.each([
    ['text that is not base64 JSON', 'not a cursor!'],
    ['JSON of the wrong shape', encode({ hello: 'world' })],
    ['a negative offset', inTarget(encode({ s: 10, o: -1 }))],
    ['a page size above the upstream limit', inTarget(encode({ s: 5000, o: 0 }))],
  ])(
    'rejects a forged after cursor (%s) as BAD_USER_INPUT without calling CodePipeline',
    async (_l, cursor) => {
      const after = typeof cursor === 'string' ? cursor : await cursor();
      await emu.admin('/_emulator/stats/reset', {});
      const res = await gateway.query(PIPELINES_PAGE, { first: 5, after });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(await emu.stats()).toEqual({});
    },
  );

  it('rejects a well-formed cursor carrying a forged upstream token as BAD_USER_INPUT', async () => {
    const res = await gateway.query(PIPELINES_PAGE, {
      first: 5,
      after: await inTarget(encode({ t: 'forged-token', s: 10, o: 0 }))(),
    });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidNextTokenException',
    });
  });

  it('rejects a forged cursor on a nested list as BAD_USER_INPUT', async () => {
    const res = await gateway.query(EXECUTIONS_PAGE, { first: 2, after: 'forged' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(res.errors?.[0]?.path).toEqual(['pipeline', 'executions']);
  });

  it.each([-1, 1000, 101])(
    'rejects first: %d as BAD_USER_INPUT without calling CodePipeline',
    async (first) => {
      await emu.admin('/_emulator/stats/reset', {});
      const res = await gateway.query(PIPELINES_PAGE, { first });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(await emu.stats()).toEqual({});
      const nested = await gateway.query(EXECUTIONS_PAGE, { first });
      expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    },
  );
});
