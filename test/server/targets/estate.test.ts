import { ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { type Estate, PROD, SANDBOX, STAGING, startEstate } from './estate-fixture';

/**
 * The estate in one graph, with no mock of the SDK: the emulator (worlds per
 * account and region, STS), and a gateway whose TARGETS_FILE names two
 * accounts in three account-and-region pairs, reached through AssumeRole,
 * plus a third account whose role is refused.
 */

let estate: Estate;
let targetsFile: string;
const clientOf = (account: string, region: string) => estate.clientOf(account, region);

beforeAll(async () => {
  estate = await startEstate();
  targetsFile = estate.targetsFile;
});

afterAll(async () => {
  await estate.close();
});

interface Listed {
  pipelines: {
    edges: {
      cursor: string;
      node: { name: string; account: string; region: string; targetAlias: string | null; consoleUrl: string };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const LIST = `query ($first: Int, $after: String, $filter: PipelineFilter) {
  pipelines(first: $first, after: $after, filter: $filter) {
    edges { cursor node { name account region targetAlias consoleUrl } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('a gateway over two accounts in three pairs, and a denied third', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway(estate.emu.url, { env: { TARGETS_FILE: targetsFile } });
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('lists every pipeline of the good pairs with its account and region, in account, region, name order, and one error for the denied target', async () => {
    const res = await gateway.query<Listed>(LIST, { first: 50 });
    const rows = res.data?.pipelines.edges.map((e) => `${e.node.account}/${e.node.region}/${e.node.name}`);
    expect(rows).toEqual([
      `${PROD}/eu-west-1/gdpr-export`,
      `${PROD}/eu-west-1/payments-api`,
      `${PROD}/us-east-1/orders-api`,
      `${PROD}/us-east-1/payments-api`,
      `${STAGING}/us-east-1/load-tests`,
      `${STAGING}/us-east-1/payments-api`,
    ]);
    expect(res.data?.pipelines.edges[0]?.node).toMatchObject({
      targetAlias: 'prod',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/gdpr-export/view?region=eu-west-1',
    });
    expect(res.errors).toEqual([
      expect.objectContaining({
        path: ['pipelines'],
        extensions: expect.objectContaining({ code: 'ACCESS_DENIED', account: SANDBOX, region: 'us-east-1' }),
      }),
    ]);
  });

  it('pages across targets with one cursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const res: Awaited<ReturnType<TestGateway['query']>> & { data?: Listed } = await gateway.query<Listed>(
        LIST,
        { first: 4, after },
      );
      const page = res.data?.pipelines;
      seen.push(...(page?.edges.map((e) => `${e.node.account}/${e.node.region}/${e.node.name}`) ?? []));
      if (!page?.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('narrows by accounts, regions and names', async () => {
    const byRegion = await gateway.query<Listed>(LIST, { filter: { regions: ['eu-west-1'] } });
    expect(byRegion.data?.pipelines.edges.map((e) => e.node.name)).toEqual(['gdpr-export', 'payments-api']);
    const byAccount = await gateway.query<Listed>(LIST, {
      filter: { accounts: [STAGING], names: ['*-tests'] },
    });
    expect(byAccount.data?.pipelines.edges.map((e) => `${e.node.account}/${e.node.name}`)).toEqual([
      `${STAGING}/load-tests`,
    ]);
    expect(byAccount.errors).toBeUndefined();
  });

  it('finds a pipeline by name alone when one target has it, and asks for the target when several do', async () => {
    const one = await gateway.query<{ pipeline: { account: string; region: string } | null }>(
      '{ pipeline(name: "gdpr-export") { account region } }',
    );
    expect(one.data?.pipeline).toEqual({ account: PROD, region: 'eu-west-1' });
    const ambiguous = await gateway.query('{ pipeline(name: "payments-api") { name } }');
    expect(ambiguous.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(ambiguous.errors?.[0]?.message).toContain(`prod (${PROD}/us-east-1)`);
    expect(ambiguous.errors?.[0]?.message).toContain(`staging (${STAGING}/us-east-1)`);
    const chosen = await gateway.query<{ pipeline: { account: string; region: string } | null }>(
      `{ pipeline(name: "payments-api", account: "${STAGING}", region: "us-east-1") { account region } }`,
    );
    expect(chosen.data?.pipeline).toEqual({ account: STAGING, region: 'us-east-1' });
  });

  it('sends a mutation to the account it names', async () => {
    const res = await gateway.query<{ startPipelineExecution: { pipelineExecutionId: string } }>(
      `mutation { startPipelineExecution(input: { name: "payments-api", account: "${PROD}", region: "eu-west-1" }) { pipelineExecutionId } }`,
    );
    expect(res.errors).toBeUndefined();
    const id = res.data?.startPipelineExecution.pipelineExecutionId;
    const idsIn = async (account: string, region: string): Promise<(string | undefined)[]> => {
      const out = await clientOf(account, region).send(
        new ListPipelineExecutionsCommand({ pipelineName: 'payments-api' }),
      );
      return out.pipelineExecutionSummaries?.map((s) => s.pipelineExecutionId) ?? [];
    };
    expect(await idsIn(PROD, 'eu-west-1')).toContain(id);
    expect(await idsIn(PROD, 'us-east-1')).not.toContain(id);
    expect(await idsIn(STAGING, 'us-east-1')).not.toContain(id);
  });

  it('refuses a mutation whose pipeline is in several targets without naming one', async () => {
    const res = await gateway.query(
      'mutation { startPipelineExecution(input: { name: "payments-api" }) { pipelineExecutionId } }',
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/exists in 3 targets/);
  });

  it('reads pendingApprovals in every target, with one error for the denied one', async () => {
    const res = await gateway.query<{ pendingApprovals: unknown[] }>('{ pendingApprovals { pipelineName } }');
    expect(res.data?.pendingApprovals).toEqual([]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.account])).toEqual([
      [['pendingApprovals'], 'ACCESS_DENIED', SANDBOX],
    ]);
  });

  it('shows the denied target in `targets` with ACCESS_DENIED while the others are OK', async () => {
    const res = await gateway.query<{
      targets: {
        account: string;
        alias: string;
        regions: string[];
        status: string;
        lastError: string | null;
      }[];
    }>('{ targets { account alias regions status lastError } }');
    expect(res.data?.targets).toEqual([
      { account: PROD, alias: 'prod', regions: ['eu-west-1', 'us-east-1'], status: 'OK', lastError: null },
      { account: STAGING, alias: 'staging', regions: ['us-east-1'], status: 'OK', lastError: null },
      {
        account: SANDBOX,
        alias: 'sandbox',
        regions: ['us-east-1'],
        status: 'ACCESS_DENIED',
        lastError: `Target sandbox (${SANDBOX}/us-east-1): role arn:aws:iam::${SANDBOX}:role/denied-pipeline-gateway-read cannot be assumed (STS answered AccessDenied).`,
      },
    ]);
  });

  it('reports it in /readyz with ACCESS_DENIED, degraded but ready', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; targets: { target: string; status: string }[] };
    expect(body.status).toBe('degraded');
    expect(body.targets.find((t) => t.target === `sandbox (${SANDBOX}/us-east-1)`)?.status).toBe(
      'ACCESS_DENIED',
    );
    expect(body.targets.filter((t) => t.status === 'OK')).toHaveLength(3);
  });
});
