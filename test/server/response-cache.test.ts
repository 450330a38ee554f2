import { CreatePipelineCommand, TagResourceCommand } from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { simplePipeline } from '../support/declarations';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { connectTestRedis, type TestRedis } from '../support/redis';

const ARN = 'arn:aws:codepipeline:us-east-1:123456789012:cached';
const QUERY = '{ pipeline(name: "cached") { name tags { key value } stages { name } } }';
const TAG = `mutation Tag($input: TagResourceInput!) { tagResource(input: $input) { resourceArn } }`;

interface Answer {
  pipeline: { tags: { key: string; value: string }[] };
}

let emu: TestEmulator;
let redis: TestRedis;
let replicaA: TestGateway;
let replicaB: TestGateway;

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(
    new CreatePipelineCommand({ pipeline: simplePipeline('cached'), tags: [{ key: 'v', value: '1' }] }),
  );
  redis = await connectTestRedis();
  replicaA = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
  replicaB = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
});

afterAll(async () => {
  await replicaA.close();
  await replicaB.close();
  await emu.close();
  await redis.cleanup();
});

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the response cache', () => {
  it('answers a repeated query without executing it again while its data is fresh', async () => {
    const first = await replicaA.query<Answer>(QUERY);
    expect(first.extensions?.upstream).not.toMatchObject({ responseCache: 'hit' });
    const second = await replicaA.query<Answer>(QUERY);
    expect(second.data).toEqual(first.data);
    expect(second.extensions?.upstream).toMatchObject({ calls: 0, responseCache: 'hit' });
  });

  it('drops an answer as soon as a mutation changes its data, on this replica and on others', async () => {
    await replicaA.query(QUERY);
    await replicaB.query(QUERY);
    expect((await replicaB.query(QUERY)).extensions?.upstream).toMatchObject({ responseCache: 'hit' });
    const tagged = await replicaA.query(TAG, {
      input: { resourceArn: ARN, tags: [{ key: 'v', value: '2' }] },
    });
    expect(tagged.errors).toBeUndefined();
    expect((await replicaA.query<Answer>(QUERY)).data?.pipeline.tags).toEqual([{ key: 'v', value: '2' }]);
    await until(async () => {
      const answer = await replicaB.query<Answer>(QUERY);
      return answer.data?.pipeline.tags[0]?.value === '2';
    });
  });

  it('never keeps an answer that carries errors', async () => {
    const bad =
      '{ pipeline(name: "cached") { name } missing: pipelineExecution(pipelineName: "cached", pipelineExecutionId: "not-an-id!") { status } }';
    await replicaA.query(bad);
    const again = await replicaA.query(bad);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.extensions?.upstream).not.toMatchObject({ responseCache: 'hit' });
  });

  it('is told nothing of changes made behind its back, so it keeps answers no longer than their data is fresh', async () => {
    await emu.client.send(
      new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'v', value: 'outside' }] }),
    );
    // Tags stay fresh for minutes: the answer is reused until then, exactly as the data cache would serve it.
    const answer = await replicaA.query<Answer>(QUERY);
    expect(answer.data?.pipeline.tags[0]?.value).toBe('2');
  });
});
