import { CreatePipelineCommand, DeletePipelineCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

/**
 * Issue 10, defect 1: a pipeline deleted outside the gateway (through the SDK,
 * the console, Terraform) while the pipeline list is still cached must not
 * blank the whole fleet query for the list's TTL.
 */

const FLEET = `{
  pipelines(first: 50) {
    edges { node { name stages { name } } }
    nodes { name }
  }
}`;

interface Fleet {
  pipelines: {
    edges: { node: { name: string; stages: { name: string }[] } | null }[];
    nodes: ({ name: string } | null)[];
  };
}

describe.each([
  ['the memory cache', false],
  ['Redis', true],
] as const)('a fleet query over %s, after a pipeline is deleted outside the gateway', (_cache, useRedis) => {
  let emu: TestEmulator;
  let redis: TestRedis | undefined;
  let gateway: TestGateway;
  const names = ['fleet-a', 'fleet-b', 'fleet-c'];

  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
    redis = useRedis ? await connectTestRedis() : undefined;
    // State is read afresh each time (as after its 3 s TTL): only the list and the declarations are cached.
    gateway = await startTestGateway(emu.url, {
      redis: useRedis,
      redisKeyPrefix: redis?.prefix,
      env: { CACHE_TTL_STATE_SECONDS: '0' },
    });
    for (const name of names)
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
  });

  afterAll(async () => {
    await gateway.close();
    await redis?.cleanup();
    await emu.close();
  });

  it('still answers for the rest of the page, and the next query no longer lists the deleted pipeline', async () => {
    const before = await gateway.query<Fleet>(FLEET);
    expect(before.errors).toBeUndefined();
    expect(before.data?.pipelines.edges.map((e) => e.node?.name)).toEqual(names);

    // The list is cached for 30 s, the declarations for 300 s.
    await emu.client.send(new DeletePipelineCommand({ name: 'fleet-b' }));

    const during = await gateway.query<Fleet>(FLEET);
    expect(during.data).not.toBeNull();
    const answered = during.data!.pipelines.edges.filter((e) => e.node !== null).map((e) => e.node!);
    expect(answered.map((p) => p.name)).toEqual(['fleet-a', 'fleet-c']);
    expect(answered.every((p) => p.stages.map((s) => s.name).join() === 'Source,Build')).toBe(true);
    // A vanished pipeline either drops out of the page or is flagged: a null node with NOT_FOUND at its path.
    const flagged = during.data!.pipelines.edges.filter((e) => e.node === null).length;
    expect(during.errors ?? []).toHaveLength(flagged);
    for (const error of during.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'PIPELINE_DELETED' });
      expect(error.message).toBe('Pipeline fleet-b no longer exists: it was deleted after it was listed');
      expect(error.path?.slice(0, 2)).toEqual(['pipelines', 'edges']);
    }

    // The cached list is dropped at once: the very next query lists what exists.
    const after = await gateway.query<Fleet>(FLEET);
    expect(after.errors).toBeUndefined();
    expect(after.data?.pipelines.edges.map((e) => e.node?.name)).toEqual(['fleet-a', 'fleet-c']);
    expect(after.data?.pipelines.nodes.map((n) => n?.name)).toEqual(['fleet-a', 'fleet-c']);
  });
});
