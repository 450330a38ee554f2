import {
  type CodePipelineClient,
  CreatePipelineCommand,
  ListPipelinesCommand,
} from '@aws-sdk/client-codepipeline';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createCodePipelineClient } from '../../src/aws/client';
import {
  assumedRoleCredentials,
  baseCredentials,
  type CredentialProvider,
  type Credentials,
  refreshBeforeExpiry,
  ROLE_SESSION_NAME,
} from '../../src/aws/credentials';
import { callerAccount } from '../../src/aws/identity';
import { classifyTargetError } from '../../src/aws/target-health';
import { startEmulatorServer, type RunningEmulator } from '../../src/emulator/http-server';
import { simplePipeline } from '../support/declarations';
import { withEnv } from './env';

/**
 * Credentials against the emulator's STS, through the real SDK over HTTP:
 * static base keys, roles assumed from them, renewal before expiry, and the
 * SDK's own endpoint settings.
 */

const EMULATOR_ACCOUNT = '999988887777';
const PROD = '111111111111';
const STATIC = { accessKeyId: 'AKIDGATEWAYBASE', secretAccessKey: 'secret' };
const STS_SETTINGS = { requestTimeoutMs: 5_000, maxAttempts: 1 };

let emu: RunningEmulator;
const clients: { destroy(): void }[] = [];

function codePipeline(
  credentials: CredentialProvider,
  region = 'us-east-1',
  endpoint?: string,
): CodePipelineClient {
  const client = createCodePipelineClient({
    target: { accountId: 'unused', region, ...(endpoint !== undefined ? { endpoint } : {}) },
    credentials,
    maxAttempts: 1,
    requestTimeoutMs: 5_000,
    maxSockets: 4,
  });
  clients.push(client);
  return client;
}

/** AssumeRole calls the emulator's STS has answered. */
async function assumeRoleCalls(): Promise<number> {
  const res = await fetch(`${emu.url}/_emulator/stats`);
  const stats = (await res.json()) as { sts?: Record<string, number> };
  return stats.sts?.AssumeRole ?? 0;
}

async function names(client: CodePipelineClient): Promise<string[]> {
  const { pipelines = [] } = await client.send(new ListPipelinesCommand({}));
  return pipelines.map((p) => p.name ?? '').sort();
}

beforeAll(async () => {
  emu = await startEmulatorServer({ seed: 'none', tickIntervalMs: 0, account: EMULATOR_ACCOUNT });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await emu.close();
});

describe('base credentials', () => {
  it('are static keys when given, acting in the account the endpoint gives them', async () => {
    const account = await callerAccount({
      credentials: baseCredentials(STATIC),
      region: 'us-east-1',
      endpoint: emu.url,
      ...STS_SETTINGS,
    });
    expect(account).toBe(EMULATOR_ACCOUNT);
  });
});

describe('a role assumed for a target', () => {
  const roleArn = `arn:aws:iam::${PROD}:role/pipeline-gateway-read`;

  it("acts in the role's account, with the gateway's session name", async () => {
    const credentials = assumedRoleCredentials(baseCredentials(STATIC), {
      roleArn,
      externalId: 'ext-0001',
      region: 'eu-west-1',
      endpoint: emu.url,
      ...STS_SETTINGS,
    });
    const sts = new STSClient({ endpoint: emu.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
    clients.push(sts);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(PROD);
    expect(me.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/pipeline-gateway-read/${ROLE_SESSION_NAME}`);

    // The keys reach the role account's world, not the base account's.
    const prod = codePipeline(credentials, 'eu-west-1', emu.url);
    await prod.send(new CreatePipelineCommand({ pipeline: simplePipeline('prod-only') }));
    expect(await names(prod)).toEqual(['prod-only']);
    expect(await names(codePipeline(baseCredentials(STATIC), 'eu-west-1', emu.url))).toEqual([]);
  });

  it('is assumed once for every client that shares it', async () => {
    const before = await assumeRoleCalls();
    const credentials = assumedRoleCredentials(baseCredentials(STATIC), {
      roleArn,
      region: 'us-east-1',
      endpoint: emu.url,
      ...STS_SETTINGS,
    });
    const east = codePipeline(credentials, 'us-east-1', emu.url);
    const west = codePipeline(credentials, 'eu-west-1', emu.url);
    await Promise.all([names(east), names(west), names(east), names(west)]);
    expect((await assumeRoleCalls()) - before).toBe(1);
  });

  it('is refused with ACCESS_DENIED naming the role when STS denies it, and the other targets are untouched', async () => {
    const denied = `arn:aws:iam::333333333333:role/denied-pipeline-gateway-read`;
    const credentials = assumedRoleCredentials(baseCredentials(STATIC), {
      roleArn: denied,
      region: 'us-east-1',
      endpoint: emu.url,
      ...STS_SETTINGS,
    });
    const err = await names(codePipeline(credentials, 'us-east-1', emu.url)).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AccessDenied');
    const failure = classifyTargetError(err, {
      account: '333333333333',
      region: 'us-east-1',
      alias: 'sandbox',
      roleArn: denied,
    });
    expect(failure).toEqual({
      code: 'ACCESS_DENIED',
      awsErrorName: 'AccessDenied',
      message: `Target sandbox (333333333333/us-east-1): role ${denied} cannot be assumed (STS answered AccessDenied).`,
    });
    // No upstream text (the caller's ARN) in what clients may see.
    expect(failure?.message).not.toContain('is not authorized');
  });
});

describe('the SDK endpoint settings', () => {
  it('send CodePipeline to AWS_ENDPOINT_URL_CODEPIPELINE and STS to AWS_ENDPOINT_URL_STS, no endpoint passed', async () => {
    await withEnv({ AWS_ENDPOINT_URL_CODEPIPELINE: emu.url, AWS_ENDPOINT_URL_STS: emu.url }, async () => {
      const credentials = assumedRoleCredentials(baseCredentials(STATIC), {
        roleArn: `arn:aws:iam::${PROD}:role/pipeline-gateway-read`,
        region: 'eu-west-1',
        ...STS_SETTINGS,
      });
      expect(await names(codePipeline(credentials, 'eu-west-1'))).toEqual(['prod-only']);
      expect(
        await callerAccount({ credentials: baseCredentials(STATIC), region: 'us-east-1', ...STS_SETTINGS }),
      ).toBe(EMULATOR_ACCOUNT);
    });
  });

  it('send both to AWS_ENDPOINT_URL', async () => {
    await withEnv({ AWS_ENDPOINT_URL: emu.url }, async () => {
      const credentials = assumedRoleCredentials(baseCredentials(STATIC), {
        roleArn: `arn:aws:iam::${PROD}:role/other-reader`,
        region: 'eu-west-1',
        ...STS_SETTINGS,
      });
      expect(await names(codePipeline(credentials, 'eu-west-1'))).toEqual(['prod-only']);
    });
  });
});

describe('renewal before expiry', () => {
  /** A provider that hands out numbered credentials expiring `lifetimeMs` after `now()`. */
  function numbered(
    now: () => number,
    lifetimeMs: number,
  ): { provider: () => Promise<Credentials>; calls: () => number } {
    let calls = 0;
    return {
      provider: () => {
        calls += 1;
        return Promise.resolve({
          accessKeyId: `ASIA${calls}`,
          secretAccessKey: 's',
          expiration: new Date(now() + lifetimeMs),
        });
      },
      calls: () => calls,
    };
  }

  it('keeps credentials until five minutes before they expire, then fetches new ones once for all callers', async () => {
    let clock = 1_000_000;
    const source = numbered(() => clock, 3_600_000);
    const provider = refreshBeforeExpiry(source.provider, { now: () => clock });
    expect((await provider()).accessKeyId).toBe('ASIA1');
    clock += 3_600_000 - 5 * 60_000 - 1;
    expect((await provider()).accessKeyId).toBe('ASIA1');
    clock += 2;
    const renewed = await Promise.all([provider(), provider(), provider()]);
    expect(renewed.map((c) => c.accessKeyId)).toEqual(['ASIA2', 'ASIA2', 'ASIA2']);
    expect(source.calls()).toBe(2);
  });

  it('falls back on valid credentials when a renewal fails, and throws only once they have expired', async () => {
    let clock = 0;
    let failing = false;
    const provider = refreshBeforeExpiry(
      () =>
        failing
          ? Promise.reject(Object.assign(new Error('STS down'), { name: 'ServiceUnavailable' }))
          : Promise.resolve({
              accessKeyId: 'ASIAOK',
              secretAccessKey: 's',
              expiration: new Date(clock + 600_000),
            }),
      { now: () => clock },
    );
    await provider();
    failing = true;
    clock = 400_000; // inside the renewal window, still valid
    expect((await provider()).accessKeyId).toBe('ASIAOK');
    clock = 600_001; // expired
    await expect(provider()).rejects.toThrow('STS down');
    failing = false;
    clock = 700_000;
    expect((await provider()).accessKeyId).toBe('ASIAOK');
  });

  it('renews a role assumed through STS with new keys', async () => {
    let clock = Date.now();
    const credentials = assumedRoleCredentials(baseCredentials(STATIC), {
      roleArn: `arn:aws:iam::${PROD}:role/pipeline-gateway-read`,
      region: 'us-east-1',
      endpoint: emu.url,
      ...STS_SETTINGS,
      now: () => clock,
    });
    const first = await credentials();
    expect(first.expiration).toBeInstanceOf(Date);
    expect(await credentials()).toBe(first);
    clock = (first.expiration?.getTime() ?? 0) - 60_000;
    const second = await credentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.accessKeyId).toMatch(/^ASIA/);
  });
});
