import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../../support/processes';

/**
 * `npm start` with nothing configured: the embedded emulator seeds a small
 * estate, and the gateway spans it as it would a real one, the second
 * account reached through an AssumeRole on the emulator's STS.
 */

jest.setTimeout(60_000);

const MAIN = '123456789012';
const SECOND_ACCOUNT = '210987654321';

interface Answer {
  data?: {
    pipelines: { edges: { node: { name: string; account: string; region: string; targetAlias: string } }[] };
    targets: { account: string; regions: string[]; alias: string; status: string }[];
  };
  errors?: unknown[];
}

let gateway: GatewayProcess;

beforeAll(async () => {
  await ensureBuilt();
  // As `npm start` runs it: no CODEPIPELINE_MODE, no TARGETS_FILE, no account or region.
  gateway = await startGatewayProcess({
    CODEPIPELINE_MODE: '',
    CODEPIPELINE_ENDPOINT: '',
    TARGETS_FILE: '',
    AWS_REGION: '',
    AWS_ACCOUNT_ID: '',
    LOG_LEVEL: 'warn',
  });
}, 120_000);

afterAll(async () => {
  gateway?.kill();
  await gateway?.stopped;
});

describe('the embedded demo of npm start', () => {
  it('lists the pipelines of all three account-and-region pairs the emulator seeds, each with its target', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{
          pipelines(first: 100) { edges { node { name account region targetAlias } } }
          targets { account regions alias status }
        }`,
      }),
    });
    const body = (await res.json()) as Answer;
    expect(body.errors).toBeUndefined();
    const nodes = body.data?.pipelines.edges.map((e) => e.node) ?? [];
    const count = (account: string, region: string): number =>
      nodes.filter((n) => n.account === account && n.region === region).length;
    expect(count(MAIN, 'us-east-1')).toBe(12);
    expect(count(MAIN, 'eu-west-1')).toBe(3);
    expect(count(SECOND_ACCOUNT, 'us-east-1')).toBe(3);
    expect(nodes).toHaveLength(18);
    expect(nodes.find((n) => n.name === 'warehouse-loader')).toEqual({
      name: 'warehouse-loader',
      account: SECOND_ACCOUNT,
      region: 'us-east-1',
      targetAlias: 'demo-partner',
    });
    expect(body.data?.targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: MAIN, alias: 'demo', status: 'OK' }),
        expect.objectContaining({ account: SECOND_ACCOUNT, alias: 'demo-partner', status: 'OK' }),
      ]),
    );
  });

  it('names the three targets in its start-up banner', () => {
    const banner = gateway.output();
    expect(banner).toContain(`${MAIN}/us-east-1`);
    expect(banner).toContain(`${MAIN}/eu-west-1`);
    expect(banner).toContain(`${SECOND_ACCOUNT}/us-east-1`);
  });
});
