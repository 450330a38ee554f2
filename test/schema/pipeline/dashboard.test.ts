import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { simplePipeline } from '../../support/declarations';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

const DASHBOARD = `query Dashboard($after: String) {
  pipelines(first: 50, after: $after) {
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

interface Dashboard {
  pipelines: {
    edges: { node: { name: string; stages: { name: string }[]; tags: { key: string }[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PIPELINES = 50;

async function seedFleet(emu: TestEmulator): Promise<void> {
  for (let i = 0; i < PIPELINES; i += 1) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    await emu.client.send(
      new CreatePipelineCommand({
        pipeline: simplePipeline(name),
        tags: [{ key: 'team', value: `t${i % 5}` }],
      }),
    );
  }
  emu.advance(3_000);
}

/** The same behaviour, whichever cache stands behind the loaders. */
function defineDashboardSuite(name: string, redis: boolean): void {
  describe(`the dashboard query (${name} cache)`, () => {
    let emu: TestEmulator;
    let gateway: TestGateway;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      emu = await startTestEmulator();
      await seedFleet(emu);
      if (redis) testRedis = await connectTestRedis();
      gateway = await startTestGateway(emu.url, { redis, redisKeyPrefix: testRedis?.prefix });
      expect(gateway.cacheKind).toBe(name);
      await emu.admin('/_emulator/stats/reset', {});
    });

    afterAll(async () => {
      await gateway.close();
      await emu.close();
      await testRedis?.cleanup();
    });

    it('makes exactly the distinct upstream calls it needs when cold', async () => {
      const res = await gateway.query<Dashboard>(DASHBOARD);
      expect(res.errors).toBeUndefined();
      expect(res.data?.pipelines.edges).toHaveLength(PIPELINES);
      expect(res.data?.pipelines.edges[0]?.node.stages.map((s) => s.name)).toEqual(['Source', 'Build']);
      expect(res.data?.pipelines.edges[0]?.node.tags).toEqual([{ key: 'team', value: 't0' }]);
      expect(await emu.stats()).toEqual({
        ListPipelines: 1,
        GetPipeline: PIPELINES,
        GetPipelineState: PIPELINES,
        ListPipelineExecutions: PIPELINES,
        ListTagsForResource: PIPELINES,
      });
      expect(res.extensions?.upstream).toMatchObject({ calls: 1 + 4 * PIPELINES });
    });

    it('serves a warm dashboard query without calling CodePipeline', async () => {
      await emu.admin('/_emulator/stats/reset', {});
      const res = await gateway.query<Dashboard>(DASHBOARD);
      expect(res.errors).toBeUndefined();
      expect(res.data?.pipelines.edges).toHaveLength(PIPELINES);
      expect(await emu.stats()).toEqual({});
      expect(res.extensions?.upstream).toMatchObject({ calls: 0 });
    });
  });
}

defineDashboardSuite('memory', false);
defineDashboardSuite('redis', true);
