import {
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
  type SourceRevisionOverride,
} from '@aws-sdk/client-codepipeline';
import { commitMessage } from '../../../src/emulator/engine/source-revisions';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { declaration, insertPipeline, source, stage, timed } from './fixtures';

let emu: TestEmulator;
let counter = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
});

afterAll(async () => {
  await emu.close();
});

function withSource(
  provider: 'CodeStarSourceConnection' | 'CodeCommit' | 'S3',
  configuration: Record<string, string>,
): string {
  counter++;
  const name = `rev-${provider}-${counter}`;
  const src = {
    ...source(),
    actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider, version: '1' },
    configuration,
  };
  insertPipeline(emu, declaration(name, [stage('Source', [src]), stage('Build', [timed('Build')])]));
  return name;
}

async function latestRevision(pipelineName: string) {
  emu.advance(60_000);
  const { pipelineExecutionSummaries = [] } = await emu.client.send(
    new ListPipelineExecutionsCommand({ pipelineName }),
  );
  return pipelineExecutionSummaries[0]?.sourceRevisions?.[0];
}

function start(name: string, override: SourceRevisionOverride): Promise<{ pipelineExecutionId?: string }> {
  return emu.client.send(new StartPipelineExecutionCommand({ name, sourceRevisions: [override] }));
}

describe('source revisions', () => {
  it('are 40-hex commits with a message and a GitHub URL for a CodeStar connection, as AWS words them', async () => {
    const name = withSource('CodeStarSourceConnection', {
      ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/x',
      FullRepositoryId: 'acme/payments-api',
      BranchName: 'main',
    });
    const revision = await latestRevision(name);
    const sha = revision?.revisionId ?? '';
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.parse(revision?.revisionSummary ?? '')).toEqual({
      ProviderType: 'GitHub',
      CommitMessage: commitMessage(sha),
    });
    expect(revision?.revisionUrl).toBe(`https://github.com/acme/payments-api/commit/${sha}`);
  });

  it('are the same in GetPipelineExecution artifacts and in GetPipelineState', async () => {
    const name = withSource('CodeStarSourceConnection', { FullRepositoryId: 'acme/web', BranchName: 'main' });
    const revision = await latestRevision(name);
    const [summary] =
      (await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: name })))
        .pipelineExecutionSummaries ?? [];
    const { pipelineExecution } = await emu.client.send(
      new GetPipelineExecutionCommand({
        pipelineName: name,
        pipelineExecutionId: summary?.pipelineExecutionId,
      }),
    );
    expect(pipelineExecution?.artifactRevisions?.[0]).toMatchObject({
      revisionId: revision?.revisionId,
      revisionSummary: revision?.revisionSummary,
      revisionUrl: revision?.revisionUrl,
    });
    const state = await emu.client.send(new GetPipelineStateCommand({ name }));
    const action = state.stageStates?.[0]?.actionStates?.[0];
    expect(action?.currentRevision?.revisionId).toBe(revision?.revisionId);
    expect(action?.revisionUrl).toBe(revision?.revisionUrl);
  });

  it('link CodeCommit commits to the CodeCommit console with the plain commit message', async () => {
    const name = withSource('CodeCommit', { RepositoryName: 'monolith', BranchName: 'main' });
    const revision = await latestRevision(name);
    const sha = revision?.revisionId ?? '';
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(revision?.revisionSummary).toBe(commitMessage(sha));
    expect(revision?.revisionUrl).toBe(
      `https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/monolith/commit/${sha}?region=us-east-1`,
    );
  });

  it('are S3 object versions, not commits, for an S3 source', async () => {
    const name = withSource('S3', { S3Bucket: 'releases', S3ObjectKey: 'app.zip' });
    const revision = await latestRevision(name);
    expect(revision?.revisionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(revision?.revisionSummary).toBe(`Amazon S3 version id: ${revision?.revisionId}`);
    expect(revision?.revisionUrl).toContain('s3.console.aws.amazon.com/s3/object/releases');
  });
});

describe("StartPipelineExecution's sourceRevisions", () => {
  it('override the commit, and the same commit reads the same on two pipelines', async () => {
    const sha = '3f2a9c1d0b7e4a5f6c8d9e0f1a2b3c4d5e6f7a8b';
    const first = withSource('CodeStarSourceConnection', {
      FullRepositoryId: 'acme/api',
      BranchName: 'main',
    });
    const second = withSource('CodeCommit', { RepositoryName: 'api-mirror', BranchName: 'main' });
    emu.advance(60_000);
    await start(first, { actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: sha });
    await start(second, { actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: sha });
    const a = await latestRevision(first);
    const b = await latestRevision(second);
    expect(a?.revisionId).toBe(sha);
    expect(b?.revisionId).toBe(sha);
    expect(a?.revisionUrl).toBe(`https://github.com/acme/api/commit/${sha}`);
    expect(JSON.parse(a?.revisionSummary ?? '').CommitMessage).toBe(b?.revisionSummary);
  });

  it('override an S3 source with an object version', async () => {
    const name = withSource('S3', { S3Bucket: 'releases', S3ObjectKey: 'app.zip' });
    emu.advance(60_000);
    await start(name, {
      actionName: 'Source',
      revisionType: 'S3_OBJECT_VERSION_ID',
      revisionValue: 'v2.version',
    });
    expect((await latestRevision(name))?.revisionId).toBe('v2.version');
  });

  it('refuse an override whose type the source does not fetch', async () => {
    const git = withSource('CodeCommit', { RepositoryName: 'r', BranchName: 'main' });
    await expect(
      start(git, { actionName: 'Source', revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: 'v1' }),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('COMMIT_ID') });
    const s3 = withSource('S3', { S3Bucket: 'b', S3ObjectKey: 'k' });
    await expect(
      start(s3, { actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: 'a'.repeat(40) }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
