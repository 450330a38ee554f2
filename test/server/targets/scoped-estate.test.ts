import { startTestGateway, type TestGateway } from '../../support/gateway';
import { eventually, LiveClients } from '../../support/live';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type Estate, PROD, STAGING, startEstate } from './estate-fixture';

/**
 * Scopes with a target: a key limited to one account (`111111111111/*\/*`)
 * sees only that account, in lists, in `targets` and in events; a
 * subscriber of every account narrows by `accounts`.
 */

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const PROD_KEY = 'prod-only-key-0123456789ab';

const EVENTS = `subscription ($filter: PipelineEventFilter) {
  pipelineEvents(filter: $filter) { kind pipelineName state target { accountId region } }
}`;

interface Event {
  kind: string;
  pipelineName: string;
  state: string;
  target: { accountId: string; region: string };
}

let estate: Estate;
let gateway: TestGateway;
const live = new LiveClients(() => gateway);

async function as<T>(
  key: string,
  query: string,
): Promise<{ data?: T; errors?: { extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: T };
}

beforeAll(async () => {
  estate = await startEstate();
  gateway = await startTestGateway(estate.emu.url, {
    env: {
      TARGETS_FILE: estate.targetsFile,
      API_KEYS: `${ADMIN_KEY} admin * admin; ${PROD_KEY} operator ${PROD}/*/* prod-team`,
      POLL_FAST_INTERVAL_MS: '100',
      POLL_IDLE_INTERVAL_MS: '60000',
      POLL_CALLS_PER_SECOND: '1000',
      WATCH_HEARTBEAT_MS: '200',
    },
  });
});

afterAll(async () => {
  await live.disposeAll();
  await gateway.close();
  await estate.close();
});

describe('a key scoped to one account', () => {
  it('lists only that account, with no word of targets outside it', async () => {
    const res = await as<{ pipelines: { edges: { node: { account: string; name: string } }[] } }>(
      PROD_KEY,
      '{ pipelines(first: 50) { edges { node { account name } } } }',
    );
    expect(res.data?.pipelines.edges.map((e) => e.node.account)).toEqual([PROD, PROD, PROD, PROD]);
    expect(res.errors).toBeUndefined();
    const targets = await as<{ targets: { account: string }[] }>(PROD_KEY, '{ targets { account } }');
    expect(targets.data?.targets).toEqual([{ account: PROD }]);
  });

  it('may not write in another account', async () => {
    const res = await as(
      PROD_KEY,
      `mutation { startPipelineExecution(input: { name: "load-tests" }) { pipelineExecutionId } }`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('hears only that account in events, while a subscriber of every account narrows by `accounts`', async () => {
    const socketOf = (key: string) =>
      createClient({
        url: gateway.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { authorization: `Bearer ${key}` },
      });
    const prodOnly = live.open<Event>(
      'pipelineEvents',
      EVENTS,
      { filter: { pipelineNames: ['payments-api'] } },
      socketOf(PROD_KEY),
    );
    const stagingOnly = live.open<Event>(
      'pipelineEvents',
      EVENTS,
      { filter: { pipelineNames: ['payments-api'], accounts: [STAGING] } },
      socketOf(ADMIN_KEY),
    );
    // Let both subscriptions register their watches before anything changes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const [account, region] of [
      [PROD, 'us-east-1'],
      [STAGING, 'us-east-1'],
    ] as const) {
      const started = await as(
        ADMIN_KEY,
        `mutation { startPipelineExecution(input: { name: "payments-api", account: "${account}", region: "${region}" }) { pipelineExecutionId } }`,
      );
      expect(started.errors).toBeUndefined();
    }
    await eventually(
      async () => {
        estate.emu.emulator.advance(2_000);
        return prodOnly.values.length > 0 && stagingOnly.values.length > 0;
      },
      'events from both accounts',
      20_000,
    );
    expect(new Set(prodOnly.values.map((e) => e.target.accountId))).toEqual(new Set([PROD]));
    expect(new Set(stagingOnly.values.map((e) => e.target.accountId))).toEqual(new Set([STAGING]));
    expect(prodOnly.errors).toEqual([]);
  });

  it('watches one pipeline in the target that holds it, and asks for the target when several do', async () => {
    const socket = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const WATCH = `subscription ($name: String!, $account: String, $region: String) {
      pipelineStateChanged(name: $name, account: $account, region: $region) { name account region }
    }`;
    const one = live.open<{ account: string; region: string }>(
      'pipelineStateChanged',
      WATCH,
      { name: 'gdpr-export' },
      socket,
    );
    const chosen = live.open<{ account: string; region: string }>(
      'pipelineStateChanged',
      WATCH,
      { name: 'payments-api', account: STAGING, region: 'us-east-1' },
      socket,
    );
    const ambiguous = live.open('pipelineStateChanged', WATCH, { name: 'payments-api' }, socket);
    await eventually(
      () => one.values.length > 0 && chosen.values.length > 0 && ambiguous.errors.length > 0,
      'the first pushes',
    );
    expect(one.values[0]).toMatchObject({ account: PROD, region: 'eu-west-1' });
    expect(chosen.values[0]).toMatchObject({ account: STAGING, region: 'us-east-1' });
    expect(ambiguous.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
