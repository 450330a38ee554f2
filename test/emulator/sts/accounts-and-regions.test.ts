import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
  ListPipelinesCommand,
} from '@aws-sdk/client-codepipeline';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { type AwsCredentialIdentityProvider } from '@smithy/types';
import { startEmulatorServer, type RunningEmulator } from '../../../src/emulator/http-server';
import { declaration, source, stage, timed } from '../engine/fixtures';

/** Source then Build: the smallest pipeline CreatePipeline accepts. */
function twoStage(name: string) {
  return declaration(name, [
    stage('Source', [source()]),
    stage('Build', [timed('Build', { ProjectName: 'b' })]),
  ]);
}

const STATIC = { accessKeyId: 'AKIDSTATICEXAMPLE', secretAccessKey: 'secret' };
const EMULATOR_ACCOUNT = '999988887777';
const PROD = '111111111111';
const STAGING = '222222222222';

let emu: RunningEmulator;
const clients: { destroy(): void }[] = [];

function codePipeline(
  region: string,
  credentials: typeof STATIC | AwsCredentialIdentityProvider = STATIC,
): CodePipelineClient {
  const client = new CodePipelineClient({ endpoint: emu.url, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

function sts(credentials: typeof STATIC | AwsCredentialIdentityProvider = STATIC): STSClient {
  const client = new STSClient({ endpoint: emu.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

/** Credentials of a role, assumed through the emulator's STS exactly as the gateway assumes its targets. */
function assumed(roleArn: string, externalId?: string): AwsCredentialIdentityProvider {
  return fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: 'pipeline-gateway', ExternalId: externalId },
    masterCredentials: STATIC,
    clientConfig: { endpoint: emu.url, region: 'us-east-1' },
  });
}

async function names(client: CodePipelineClient): Promise<string[]> {
  const { pipelines = [] } = await client.send(new ListPipelinesCommand({}));
  return pipelines.map((p) => p.name ?? '').sort();
}

beforeAll(async () => {
  emu = await startEmulatorServer({ tickIntervalMs: 0, account: EMULATOR_ACCOUNT });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await emu.close();
});

describe('STS on the emulator port', () => {
  it('answers GetCallerIdentity for static keys with the emulator account', async () => {
    const me = await sts().send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Account: EMULATOR_ACCOUNT,
      Arn: `arn:aws:iam::${EMULATOR_ACCOUNT}:user/emulator`,
      UserId: STATIC.accessKeyId,
    });
  });

  it('issues temporary credentials for a role, in the role account', async () => {
    const roleArn = `arn:aws:iam::${PROD}:role/pipeline-gateway-read`;
    const out = await sts().send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'reader', ExternalId: 'ext-123' }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toBeTruthy();
    expect(out.Credentials?.SessionToken).toBeTruthy();
    expect(out.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/pipeline-gateway-read/reader`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]+:reader$/);
  });

  it('reports an assumed role as the caller, with its assumed-role ARN', async () => {
    const me = await sts(assumed(`arn:aws:iam::${STAGING}:role/ops/pipeline-gateway-read`)).send(
      new GetCallerIdentityCommand({}),
    );
    expect(me.Account).toBe(STAGING);
    expect(me.Arn).toBe(`arn:aws:sts::${STAGING}:assumed-role/pipeline-gateway-read/pipeline-gateway`);
    expect(me.UserId).toMatch(/^AROA[A-Z2-7]+:pipeline-gateway$/);
  });

  it('refuses a denied- role with AccessDenied and HTTP 403', async () => {
    const roleArn = `arn:aws:iam::333333333333:role/denied-pipeline-gateway`;
    await expect(
      sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'reader' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${EMULATOR_ACCOUNT}:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('surfaces the refusal through fromTemporaryCredentials, as a gateway target would see it', async () => {
    const client = codePipeline('us-east-1', assumed('arn:aws:iam::333333333333:role/denied-reader'));
    await expect(client.send(new ListPipelinesCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('answers a malformed role ARN with ValidationError', async () => {
    await expect(
      sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::12:user/x', RoleSessionName: 'reader' })),
    ).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
  });
});

describe('one world per account and region', () => {
  it('shows assumed credentials only their own account pipelines', async () => {
    const prod = codePipeline('us-east-1', assumed(`arn:aws:iam::${PROD}:role/pipeline-gateway-read`));
    const staging = codePipeline('us-east-1', assumed(`arn:aws:iam::${STAGING}:role/pipeline-gateway-read`));
    await prod.send(new CreatePipelineCommand({ pipeline: twoStage('prod-api') }));
    await staging.send(new CreatePipelineCommand({ pipeline: twoStage('staging-api') }));

    expect(await names(prod)).toEqual(['prod-api']);
    expect(await names(staging)).toEqual(['staging-api']);
    expect(await names(codePipeline('us-east-1'))).toEqual([]);
    const { metadata } = await prod.send(new GetPipelineCommand({ name: 'prod-api' }));
    expect(metadata?.pipelineArn).toBe(`arn:aws:codepipeline:us-east-1:${PROD}:prod-api`);
    await expect(staging.send(new GetPipelineCommand({ name: 'prod-api' }))).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
  });

  it('keeps regions of one account apart, by the SigV4 credential scope', async () => {
    const east = codePipeline('us-east-1');
    const west = codePipeline('eu-west-1');
    await west.send(new CreatePipelineCommand({ pipeline: twoStage('eu-only') }));
    expect(await names(west)).toEqual(['eu-only']);
    expect(await names(east)).not.toContain('eu-only');
    const { metadata } = await west.send(new GetPipelineCommand({ name: 'eu-only' }));
    expect(metadata?.pipelineArn).toBe(`arn:aws:codepipeline:eu-west-1:${EMULATOR_ACCOUNT}:eu-only`);
  });

  it('counts calls per world and in total, and lists the worlds', async () => {
    await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST', body: '{}' });
    await names(codePipeline('eu-west-1'));
    await names(codePipeline('eu-west-1'));
    await names(codePipeline('us-east-1', assumed(`arn:aws:iam::${PROD}:role/reader`)));
    const total = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as Record<string, unknown>;
    expect(total).toMatchObject({
      calls: { ListPipelines: 3 },
      total: 3,
      worlds: {
        [`${EMULATOR_ACCOUNT}/eu-west-1`]: { calls: { ListPipelines: 2 } },
        [`${PROD}/us-east-1`]: { calls: { ListPipelines: 1 } },
      },
      sts: { AssumeRole: 1 },
    });
    const one = await fetch(`${emu.url}/_emulator/stats?account=${EMULATOR_ACCOUNT}&region=eu-west-1`);
    expect(await one.json()).toMatchObject({ calls: { ListPipelines: 2 }, total: 2 });
    const worlds = (await (await fetch(`${emu.url}/_emulator/worlds`)).json()) as {
      worlds: { account: string; region: string; pipelines: number }[];
    };
    expect(worlds.worlds).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: PROD, region: 'us-east-1', pipelines: 1 }),
        expect.objectContaining({ account: EMULATOR_ACCOUNT, region: 'eu-west-1', pipelines: 1 }),
      ]),
    );
  });

  it('serves requests without SigV4 from the default world', async () => {
    emu.emulator.world().invoke('CreatePipeline', { pipeline: twoStage('default-world') });
    const res = await fetch(`${emu.url}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'CodePipeline_20150709.ListPipelines' },
      body: '{}',
    });
    const { pipelines } = (await res.json()) as { pipelines: { name: string }[] };
    expect(pipelines.map((p) => p.name)).toEqual(['default-world']);
  });

  it('moves every world on the one simulated clock', async () => {
    const west = emu.emulator.world({ accountId: EMULATOR_ACCOUNT, region: 'eu-west-1' });
    const [first] = west.engine.executionsOf('eu-only');
    expect(first?.status).toBe('InProgress');
    emu.emulator.advance(60_000);
    expect(first?.status).toBe('Succeeded');
  });

  it('drops every world on reset', async () => {
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', body: '{}' });
    expect(await names(codePipeline('eu-west-1'))).toEqual([]);
    expect(await names(codePipeline('us-east-1', assumed(`arn:aws:iam::${PROD}:role/reader`)))).toEqual([]);
  });
});

describe('rate limits per world', () => {
  it('throttles each account and region on its own tps bucket, as AWS does', async () => {
    await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ tps: { ListPipelines: 1 } }),
    });
    const east = codePipeline('us-east-1');
    const west = codePipeline('eu-west-1');
    await names(east);
    await names(west);
    await expect(names(east)).rejects.toMatchObject({ name: 'ThrottlingException' });
    const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as {
      worlds: Record<string, { throttled: Record<string, number> }>;
    };
    expect(stats.worlds[`${EMULATOR_ACCOUNT}/us-east-1`]?.throttled).toEqual({ ListPipelines: 1 });
    expect(stats.worlds[`${EMULATOR_ACCOUNT}/eu-west-1`]?.throttled).toEqual({});
    await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', body: '{}' });
  });
});
