import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;
let arn: string;

const TAG = `mutation Tag($input: TagResourceInput!) { tagResource(input: $input) { resourceArn tags { key value } } }`;
const UNTAG = `mutation Untag($input: UntagResourceInput!) { untagResource(input: $input) { resourceArn tags { key value } } }`;

interface Tag {
  key: string;
  value: string;
}

async function pipelineTags(name: string): Promise<Tag[]> {
  const res = await gateway.query<{ pipeline: { tags: Tag[] } }>(
    `{ pipeline(name: "${name}") { tags { key value } } }`,
  );
  return res.data!.pipeline.tags;
}

function manyTags(prefix: string, n: number): Tag[] {
  return Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: 'v' }));
}

/** The ARN of the second fixture pipeline, the one filled up to the quota. */
function crowdedArn(): string {
  return arn.replace(/tagged$/, 'crowded');
}

beforeAll(async () => {
  emu = await startTestEmulator();
  for (const name of ['tagged', 'crowded']) {
    await emu.client.send(
      new CreatePipelineCommand({ pipeline: simplePipeline(name), tags: [{ key: 'team', value: 'core' }] }),
    );
  }
  redis = await connectTestRedis();
  gateway = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
  const res = await gateway.query<{ pipeline: { arn: string } }>('{ pipeline(name: "tagged") { arn } }');
  arn = res.data!.pipeline.arn;
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
  await redis.cleanup();
});

beforeEach(async () => {
  await emu.admin('/_emulator/stats/reset', {});
});

describe('tagResource', () => {
  it('adds and overwrites tags, and a warm pipeline query shows them at once', async () => {
    expect(await pipelineTags('tagged')).toEqual([{ key: 'team', value: 'core' }]);
    const res = await gateway.query<{ tagResource: { resourceArn: string; tags: Tag[] } }>(TAG, {
      input: {
        resourceArn: arn,
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'cost-center', value: '42' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const expected = [
      { key: 'team', value: 'platform' },
      { key: 'cost-center', value: '42' },
    ];
    expect(res.data!.tagResource).toEqual({ resourceArn: arn, tags: expected });
    expect(await pipelineTags('tagged')).toEqual(expected);
  });

  it('rejects a resourceArn that is not a CodePipeline ARN without calling CodePipeline', async () => {
    const res = await gateway.query(TAG, {
      input: { resourceArn: 'arn:aws:s3:::bucket', tags: [{ key: 'a', value: 'b' }] },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resourceArn' });
    expect(await emu.stats()).toEqual({});
  });

  it('rejects more than 50 tags in one call and a too-long key without calling CodePipeline', async () => {
    const res = await gateway.query(TAG, { input: { resourceArn: arn, tags: manyTags('k', 51) } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tags' });
    const long = await gateway.query(TAG, {
      input: { resourceArn: arn, tags: [{ key: 'k'.repeat(129), value: '' }] },
    });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tags[0].key' });
    expect(await emu.stats()).toEqual({});
  });

  it('reports going over 50 tags across calls as LIMIT_EXCEEDED, leaving the tags as they were', async () => {
    const first = await gateway.query(TAG, { input: { resourceArn: crowdedArn(), tags: manyTags('a', 30) } });
    expect(first.errors).toBeUndefined();
    const second = await gateway.query(TAG, {
      input: { resourceArn: crowdedArn(), tags: manyTags('b', 30) },
    });
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      awsErrorName: 'TooManyTagsException',
      awsRequestId: expect.any(String),
    });
    expect(await pipelineTags('crowded')).toHaveLength(31);
  });

  it('reports tags CodePipeline refuses (a reserved aws: key) as BAD_USER_INPUT with the AWS error name', async () => {
    const res = await gateway.query(TAG, {
      input: { resourceArn: arn, tags: [{ key: 'aws:owner', value: 'x' }] },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      awsErrorName: 'InvalidTagsException',
    });
  });

  it('reports a resource that does not exist as NOT_FOUND', async () => {
    const res = await gateway.query(TAG, {
      input: { resourceArn: arn.replace(/tagged$/, 'ghost'), tags: [{ key: 'a', value: 'b' }] },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      awsErrorName: 'ResourceNotFoundException',
    });
  });

  it('reports throttling as THROTTLED', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    try {
      const res = await gateway.query(TAG, { input: { resourceArn: arn, tags: [{ key: 'a', value: 'b' }] } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'THROTTLED' });
    } finally {
      await emu.admin('/_emulator/faults', { throttleRate: 0 });
    }
  });
});

describe('untagResource', () => {
  it('removes tags by key, and a warm pipeline query shows it at once', async () => {
    await gateway.query(TAG, { input: { resourceArn: arn, tags: [{ key: 'temp', value: '1' }] } });
    expect((await pipelineTags('tagged')).map((t) => t.key)).toContain('temp');
    const res = await gateway.query<{ untagResource: { tags: Tag[] } }>(UNTAG, {
      input: { resourceArn: arn, tagKeys: ['temp', 'not-there'] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.untagResource.tags.map((t) => t.key)).not.toContain('temp');
    expect((await pipelineTags('tagged')).map((t) => t.key)).not.toContain('temp');
  });

  it('rejects an empty key list without calling CodePipeline', async () => {
    const res = await gateway.query(UNTAG, { input: { resourceArn: arn, tagKeys: [] } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tagKeys' });
    expect(await emu.stats()).toEqual({});
  });
});
