import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const PIPELINES = 50;

const DASHBOARD = `query Dashboard {
  pipelines(first: 50) {
    edges { cursor node {
      name
      stages { name actions { name latestExecution { status } } }
      latestExecution { status }
      executions(first: 5) { edges { node { pipelineExecutionId status } } }
      tags { key value }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const TOO_COSTLY = `{
  pipelines(first: 100) { edges { node {
    executions(first: 100) { edges { node {
      actionExecutions(first: 100) { edges { node { actionName } } }
    } } }
  } } }
}`;

/** 13 levels of fields, one more than the default limit, at a cost of only 4. */
const TOO_DEEP = `{
  pipelines(first: 1) { edges { node { executions(first: 1) { edges { node {
    actionExecutions(first: 1) { edges { node { deployTargets(first: 1) { edges { node { targetId } } } } } }
  } } } } } }
}`;

describe('depth and cost limits', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    emu = await startTestEmulator();
    for (let i = 0; i < PIPELINES; i += 1) {
      await emu.client.send(
        new CreatePipelineCommand({
          pipeline: simplePipeline(`svc-${String(i).padStart(2, '0')}`),
          tags: [{ key: 'team', value: `t${i % 5}` }],
        }),
      );
    }
    emu.advance(3_000);
    gateway = await startTestGateway(emu.url, { env: { RESPONSE_CACHE_ENTRIES: '0' } });
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  beforeEach(async () => {
    await emu.admin('/_emulator/stats/reset', {});
  });

  it('refuses a query deeper than the limit, naming its depth, without calling CodePipeline', async () => {
    const res = await gateway.query(TOO_DEEP);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      depth: 13,
      maxDepth: 12,
      cost: 4,
    });
    expect(res.errors?.[0]?.message).toMatch(/depth 13 is over the limit of 12/);
    expect(await emu.stats()).toEqual({});
  });

  it('refuses a query whose estimated cost is over the limit, naming the cost, without calling CodePipeline', async () => {
    const res = await gateway.query(TOO_COSTLY);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      cost: 1 + 100 * (1 + 100 * 1),
      maxCost: 5_000,
    });
    expect(await emu.stats()).toEqual({});
  });

  it('accepts the dashboard and reports the estimate and the calls made, cold then warm', async () => {
    const cold = await gateway.query<{ pipelines: { edges: unknown[] } }>(DASHBOARD);
    expect(cold.errors).toBeUndefined();
    expect(cold.data?.pipelines.edges).toHaveLength(PIPELINES);
    const calls = Object.values(await emu.stats()).reduce((a, b) => a + b, 0);
    expect(calls).toBe(1 + 4 * PIPELINES);
    expect(cold.extensions?.cost).toEqual({
      requested: 1 + 5 * PIPELINES,
      actual: calls,
      maxCost: 5_000,
      depth: 7,
      maxDepth: 12,
      maxPageSize: 100,
    });

    await emu.admin('/_emulator/stats/reset', {});
    const warm = await gateway.query(DASHBOARD);
    expect(warm.extensions?.cost).toMatchObject({ requested: 1 + 5 * PIPELINES, actual: 0 });
    expect(await emu.stats()).toEqual({});
  });

  it('answers first beyond the page cap with BAD_USER_INPUT and no call', async () => {
    const res = await gateway.query('{ pipelines(first: 1000) { edges { node { name } } } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(res.errors?.[0]?.message).toMatch(/from 0 to 100/);
    expect(await emu.stats()).toEqual({});
  });

  it('caps every connection, the nested ones too', async () => {
    const res = await gateway.query(
      '{ pipeline(name: "svc-00") { executions(first: 101) { edges { node { pipelineExecutionId } } } } }',
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors?.[0]?.path).toEqual(['pipeline', 'executions']);
  });

  it('applies the same limits to a subscription, over graphql-ws', async () => {
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const errors = await new Promise<unknown>((resolve, reject) => {
        client.subscribe(
          {
            query: `subscription { pipelineStateChanged(name: "svc-00") {
              executions(first: 100) { edges { node {
                actionExecutions(first: 100) { edges { node {
                  deployTargets(first: 100) { edges { node { targetId } } }
                } } }
              } } }
            } }`,
          },
          {
            next: (v) => reject(new Error(`pushed ${JSON.stringify(v)}`)),
            error: resolve,
            complete: () => reject(new Error('done')),
          },
        );
      });
      expect(errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', cost: 1 + 1 + 100 * (1 + 100) }),
        }),
      ]);
    } finally {
      await client.dispose();
    }
    expect(await emu.stats()).toEqual({});
  });
});
