import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { lambdaAction, simplePipeline, stage, v2Pipeline } from '../../support/declarations';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const arnOf = (name: string) => `arn:aws:codepipeline:us-east-1:123456789012:${name}`;

describe('CreatePipeline', () => {
  it('stores the declaration as version 1 with AWS defaults and returns it with its tags', async () => {
    const tags = [{ key: 'team', value: 'platform' }];
    const out = await emu.client.send(
      new CreatePipelineCommand({ pipeline: simplePipeline('create-1'), tags }),
    );
    expect(out.pipeline).toEqual({
      ...simplePipeline('create-1'),
      version: 1,
      pipelineType: 'V1',
      executionMode: 'SUPERSEDED',
    });
    expect(out.tags).toEqual(tags);
    const listed = await emu.client.send(new ListTagsForResourceCommand({ resourceArn: arnOf('create-1') }));
    expect(listed.tags).toEqual(tags);
  });

  it('ignores the version given on create', async () => {
    const out = await emu.client.send(
      new CreatePipelineCommand({ pipeline: { ...simplePipeline('create-2'), version: 7 } }),
    );
    expect(out.pipeline?.version).toBe(1);
  });

  it('refuses a name already in use', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('create-dup') }));
    await expect(
      emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('create-dup') })),
    ).rejects.toMatchObject({ name: 'PipelineNameInUseException' });
  });

  it('refuses reserved, oversized and duplicate tag keys, and more than 50 tags', async () => {
    const send = (tags: { key: string; value: string }[]) =>
      emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('create-tags'), tags }));
    await expect(send([{ key: 'aws:owner', value: 'x' }])).rejects.toMatchObject({
      name: 'InvalidTagsException',
    });
    await expect(send([{ key: 'k'.repeat(129), value: 'x' }])).rejects.toMatchObject({
      name: 'InvalidTagsException',
    });
    await expect(send([{ key: 'k', value: 'v'.repeat(257) }])).rejects.toMatchObject({
      name: 'InvalidTagsException',
    });
    await expect(
      send([
        { key: 'k', value: '1' },
        { key: 'k', value: '2' },
      ]),
    ).rejects.toMatchObject({ name: 'InvalidTagsException' });
    await expect(
      send(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' }))),
    ).rejects.toMatchObject({
      name: 'TooManyTagsException',
    });
    await expect(emu.client.send(new GetPipelineCommand({ name: 'create-tags' }))).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
  });
});

describe('GetPipeline', () => {
  it('returns what was put with the pipeline metadata', async () => {
    const before = emu.emulator.clock.now().getTime();
    await emu.client.send(new CreatePipelineCommand({ pipeline: v2Pipeline('get-1') }));
    const out = await emu.client.send(new GetPipelineCommand({ name: 'get-1' }));
    expect(out.pipeline).toEqual({ ...v2Pipeline('get-1'), version: 1 });
    expect(out.metadata?.pipelineArn).toBe(arnOf('get-1'));
    expect(out.metadata?.created?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(out.metadata?.updated).toEqual(out.metadata?.created);
  });

  it('refuses an unknown pipeline and a version that does not exist', async () => {
    await expect(emu.client.send(new GetPipelineCommand({ name: 'nope' }))).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('get-2') }));
    await expect(
      emu.client.send(new GetPipelineCommand({ name: 'get-2', version: 2 })),
    ).rejects.toMatchObject({
      name: 'PipelineVersionNotFoundException',
    });
  });

  it('refuses a malformed name', async () => {
    await expect(emu.client.send(new GetPipelineCommand({ name: 'bad name' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('UpdatePipeline', () => {
  it('makes a new version on every update, whatever version is sent, and moves updated', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('update-1') }));
    const created = (await emu.client.send(new GetPipelineCommand({ name: 'update-1' }))).metadata!.created!;
    emu.advance(60_000);
    const changed = simplePipeline('update-1', { build: { EmulatorDurationMs: '1000' } });
    const v2 = await emu.client.send(new UpdatePipelineCommand({ pipeline: { ...changed, version: 1 } }));
    expect(v2.pipeline?.version).toBe(2);
    const v3 = await emu.client.send(new UpdatePipelineCommand({ pipeline: { ...changed, version: 1 } }));
    expect(v3.pipeline?.version).toBe(3);
    const got = await emu.client.send(new GetPipelineCommand({ name: 'update-1' }));
    expect(got.pipeline?.version).toBe(3);
    expect(got.pipeline?.stages?.[1]?.actions?.[0]?.configuration?.EmulatorDurationMs).toBe('1000');
    expect(got.metadata?.created).toEqual(created);
    expect(got.metadata!.updated!.getTime() - created.getTime()).toBeGreaterThanOrEqual(60_000);
  });

  it('returns an older version of a pipeline on request', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('update-2') }));
    const next = simplePipeline('update-2');
    next.stages!.push(stage('Notify', lambdaAction('Notify')));
    await emu.client.send(new UpdatePipelineCommand({ pipeline: next }));
    const v1 = await emu.client.send(new GetPipelineCommand({ name: 'update-2', version: 1 }));
    expect(v1.pipeline?.version).toBe(1);
    expect(v1.pipeline?.stages).toHaveLength(2);
    const v2 = await emu.client.send(new GetPipelineCommand({ name: 'update-2', version: 2 }));
    expect(v2.pipeline?.stages).toHaveLength(3);
  });

  it('re-validates the declaration and keeps the current version when it is refused', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('update-3') }));
    const broken = simplePipeline('update-3');
    broken.stages = broken.stages!.slice(0, 1);
    await expect(emu.client.send(new UpdatePipelineCommand({ pipeline: broken }))).rejects.toMatchObject({
      name: 'InvalidStructureException',
    });
    const got = await emu.client.send(new GetPipelineCommand({ name: 'update-3' }));
    expect(got.pipeline?.version).toBe(1);
  });

  it('can change the pipeline type and execution mode', async () => {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('update-4') }));
    const out = await emu.client.send(
      new UpdatePipelineCommand({
        pipeline: simplePipeline('update-4', { pipelineType: 'V2', executionMode: 'PARALLEL' }),
      }),
    );
    expect(out.pipeline).toMatchObject({ version: 2, pipelineType: 'V2', executionMode: 'PARALLEL' });
  });

  it('refuses a pipeline that does not exist', async () => {
    await expect(
      emu.client.send(new UpdatePipelineCommand({ pipeline: simplePipeline('update-missing') })),
    ).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
  });
});

describe('DeletePipeline', () => {
  it('removes the pipeline and its tags', async () => {
    await emu.client.send(
      new CreatePipelineCommand({ pipeline: simplePipeline('delete-1'), tags: [{ key: 'a', value: 'b' }] }),
    );
    await emu.client.send(new DeletePipelineCommand({ name: 'delete-1' }));
    await expect(emu.client.send(new GetPipelineCommand({ name: 'delete-1' }))).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
    expect(emu.emulator.state.tags.has(arnOf('delete-1'))).toBe(false);
    const again = await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('delete-1') }));
    expect(again.tags).toBeUndefined();
  });

  it('succeeds for a pipeline that does not exist', async () => {
    const out = await emu.client.send(new DeletePipelineCommand({ name: 'never-existed' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
  });
});

describe('ListPipelines', () => {
  let lister: TestEmulator;

  beforeAll(async () => {
    lister = await startTestEmulator();
    for (const name of ['charlie', 'alpha', 'echo', 'bravo', 'delta']) {
      await lister.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    await lister.client.send(new UpdatePipelineCommand({ pipeline: v2Pipeline('delta') }));
  });
  afterAll(async () => {
    await lister.close();
  });

  it('summarises every pipeline, sorted by name', async () => {
    const out = await lister.client.send(new ListPipelinesCommand({}));
    expect(out.pipelines?.map((p) => p.name)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(out.pipelines?.[3]).toMatchObject({
      name: 'delta',
      version: 2,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
    });
    expect(out.pipelines?.[0]?.created).toBeInstanceOf(Date);
    expect(out.pipelines?.[0]?.updated).toBeInstanceOf(Date);
    expect(out.nextToken).toBeUndefined();
  });

  it('pages with maxResults and nextToken', async () => {
    const first = await lister.client.send(new ListPipelinesCommand({ maxResults: 2 }));
    expect(first.pipelines?.map((p) => p.name)).toEqual(['alpha', 'bravo']);
    const second = await lister.client.send(
      new ListPipelinesCommand({ maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.pipelines?.map((p) => p.name)).toEqual(['charlie', 'delta']);
    const third = await lister.client.send(
      new ListPipelinesCommand({ maxResults: 2, nextToken: second.nextToken }),
    );
    expect(third.pipelines?.map((p) => p.name)).toEqual(['echo']);
    expect(third.nextToken).toBeUndefined();
  });

  it('rejects a forged next token', async () => {
    await expect(
      lister.client.send(new ListPipelinesCommand({ nextToken: 'forged-token' })),
    ).rejects.toMatchObject({
      name: 'InvalidNextTokenException',
    });
  });

  it('refuses maxResults outside 1..1000', async () => {
    await expect(lister.client.send(new ListPipelinesCommand({ maxResults: 0 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(lister.client.send(new ListPipelinesCommand({ maxResults: 1001 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
