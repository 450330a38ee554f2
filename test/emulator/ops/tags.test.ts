import {
  CreatePipelineCommand,
  ListTagsForResourceCommand,
  PutWebhookCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { simplePipeline } from '../../support/declarations';

let emu: TestEmulator;
const PIPELINE_ARN = 'arn:aws:codepipeline:us-east-1:123456789012:tagged';

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('tagged') }));
});
afterAll(async () => {
  await emu.close();
});

const list = async (resourceArn: string) =>
  (await emu.client.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

describe('TagResource, UntagResource and ListTagsForResource', () => {
  it('add tags, overwrite the value of a key already present and remove tags by key', async () => {
    await emu.client.send(
      new TagResourceCommand({
        resourceArn: PIPELINE_ARN,
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'tier', value: 'gold' },
        ],
      }),
    );
    await emu.client.send(
      new TagResourceCommand({ resourceArn: PIPELINE_ARN, tags: [{ key: 'tier', value: 'silver' }] }),
    );
    expect(await list(PIPELINE_ARN)).toEqual([
      { key: 'team', value: 'platform' },
      { key: 'tier', value: 'silver' },
    ]);
    await emu.client.send(
      new UntagResourceCommand({ resourceArn: PIPELINE_ARN, tagKeys: ['team', 'absent'] }),
    );
    expect(await list(PIPELINE_ARN)).toEqual([{ key: 'tier', value: 'silver' }]);
    await emu.client.send(new UntagResourceCommand({ resourceArn: PIPELINE_ARN, tagKeys: ['tier'] }));
    expect(await list(PIPELINE_ARN)).toEqual([]);
  });

  it('pages the tags of a resource', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('many-tags') }));
    const resourceArn = 'arn:aws:codepipeline:us-east-1:123456789012:many-tags';
    const tags = Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    await emu.client.send(new TagResourceCommand({ resourceArn, tags }));
    const first = await emu.client.send(new ListTagsForResourceCommand({ resourceArn, maxResults: 3 }));
    expect(first.tags).toEqual(tags.slice(0, 3));
    const second = await emu.client.send(
      new ListTagsForResourceCommand({ resourceArn, maxResults: 3, nextToken: first.nextToken }),
    );
    expect(second.tags).toEqual(tags.slice(3));
    expect(second.nextToken).toBeUndefined();
    await expect(
      emu.client.send(new ListTagsForResourceCommand({ resourceArn, nextToken: 'forged' })),
    ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
    await expect(
      emu.client.send(new ListTagsForResourceCommand({ resourceArn, maxResults: 101 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('refuse a malformed ARN', async () => {
    for (const resourceArn of [
      'tagged',
      'arn:aws:s3:::bucket',
      'arn:aws:codepipeline:us-east-1:123:tagged',
    ]) {
      await expect(
        emu.client.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: 'b' }] })),
      ).rejects.toMatchObject({ name: 'InvalidArnException' });
    }
    await expect(
      emu.client.send(new ListTagsForResourceCommand({ resourceArn: 'nope' })),
    ).rejects.toMatchObject({
      name: 'InvalidArnException',
    });
  });

  it('refuse an ARN naming no resource of this account and Region', async () => {
    for (const resourceArn of [
      'arn:aws:codepipeline:us-east-1:123456789012:missing',
      'arn:aws:codepipeline:eu-west-1:123456789012:tagged',
      'arn:aws:codepipeline:us-east-1:999999999999:tagged',
      'arn:aws:codepipeline:us-east-1:123456789012:webhook:missing',
      'arn:aws:codepipeline:us-east-1:123456789012:actiontype:Custom/Build/Missing/1',
    ]) {
      await expect(emu.client.send(new ListTagsForResourceCommand({ resourceArn }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    }
    await expect(
      emu.client.send(
        new UntagResourceCommand({
          resourceArn: 'arn:aws:codepipeline:us-east-1:123456789012:missing',
          tagKeys: ['a'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuse invalid tags and more than 50 tags on a resource', async () => {
    const tag = (tags: { key: string; value: string }[]) =>
      emu.client.send(new TagResourceCommand({ resourceArn: PIPELINE_ARN, tags }));
    await expect(tag([{ key: 'aws:reserved', value: 'x' }])).rejects.toMatchObject({
      name: 'InvalidTagsException',
    });
    await expect(tag([{ key: '', value: 'x' }])).rejects.toMatchObject({ name: 'InvalidTagsException' });
    await tag(Array.from({ length: 30 }, (_, i) => ({ key: `a${i}`, value: '' })));
    await expect(
      tag(Array.from({ length: 21 }, (_, i) => ({ key: `b${i}`, value: '' }))),
    ).rejects.toMatchObject({
      name: 'TooManyTagsException',
    });
    expect(await list(PIPELINE_ARN)).toHaveLength(30);
    await expect(
      emu.client.send(new UntagResourceCommand({ resourceArn: PIPELINE_ARN, tagKeys: ['aws:x'] })),
    ).rejects.toMatchObject({ name: 'InvalidTagsException' });
  });

  it('tag webhooks and custom action types by their ARNs', async () => {
    await emu.client.send(
      new PutWebhookCommand({
        webhook: {
          name: 'hook',
          targetPipeline: 'tagged',
          targetAction: 'Source',
          filters: [{ jsonPath: '$.ref' }],
          authentication: 'UNAUTHENTICATED',
          authenticationConfiguration: {},
        },
      }),
    );
    const hookArn = 'arn:aws:codepipeline:us-east-1:123456789012:webhook:hook';
    await emu.client.send(
      new TagResourceCommand({ resourceArn: hookArn, tags: [{ key: 'hook', value: 'yes' }] }),
    );
    expect(await list(hookArn)).toEqual([{ key: 'hook', value: 'yes' }]);

    const id = { owner: 'Custom', category: 'Build', provider: 'Jenkins', version: '1' } as const;
    emu.emulator.state.actionTypes.set('Custom/Build/Jenkins/1', {
      id,
      declaration: {
        executor: { configuration: {}, type: 'JobWorker' },
        id,
        inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      },
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      configurationProperties: [],
      deleted: false,
    });
    const typeArn = 'arn:aws:codepipeline:us-east-1:123456789012:actiontype:Custom/Build/Jenkins/1';
    await emu.client.send(
      new TagResourceCommand({ resourceArn: typeArn, tags: [{ key: 'ci', value: 'jenkins' }] }),
    );
    expect(await list(typeArn)).toEqual([{ key: 'ci', value: 'jenkins' }]);
  });
});
