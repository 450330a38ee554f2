import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { startEmulatorServer, type RunningEmulator } from '../../../src/emulator/http-server';
import { simplePipeline } from '../../support/declarations';

/**
 * The estate of the targets tests: an emulator whose worlds hold pipelines
 * in two accounts and three account-and-region pairs, and a TARGETS_FILE
 * naming them (through AssumeRole) plus a third account whose role is refused.
 */

export const PROD = '111111111111';
export const STAGING = '222222222222';
export const SANDBOX = '333333333333';

/** The pipelines seeded in each good pair, by `account/region`. */
export const SEEDED: Readonly<Record<string, string[]>> = {
  [`${PROD}/us-east-1`]: ['payments-api', 'orders-api'],
  [`${PROD}/eu-west-1`]: ['payments-api', 'gdpr-export'],
  [`${STAGING}/us-east-1`]: ['payments-api', 'load-tests'],
};

/** A running estate: the emulator, the targets file, and SDK clients acting in any account and region. */
export interface Estate {
  emu: RunningEmulator;
  targetsFile: string;
  /** A CodePipeline client in an account and region, through a role assumed at the emulator's STS. */
  clientOf(account: string, region: string): CodePipelineClient;
  close(): Promise<void>;
}

/** Starts the emulator, seeds it through the SDK, and writes the targets file. */
export async function startEstate(): Promise<Estate> {
  const emu = await startEmulatorServer({ seed: 'none', tickIntervalMs: 0 });
  const clients: CodePipelineClient[] = [];
  const clientOf = (account: string, region: string): CodePipelineClient => {
    const client = new CodePipelineClient({
      endpoint: emu.url,
      region,
      maxAttempts: 1,
      credentials: fromTemporaryCredentials({
        params: { RoleArn: `arn:aws:iam::${account}:role/seeder`, RoleSessionName: 'seeder' },
        masterCredentials: { accessKeyId: 'AKIDSEEDER', secretAccessKey: 'secret' },
        clientConfig: { endpoint: emu.url, region },
      }),
    });
    clients.push(client);
    return client;
  };
  for (const [where, names] of Object.entries(SEEDED)) {
    const [account = '', region = ''] = where.split('/');
    for (const name of names) {
      await clientOf(account, region).send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'estate-'));
  const targetsFile = join(dir, 'targets.yaml');
  writeFileSync(
    targetsFile,
    [
      'targets:',
      `  - account: "${PROD}"`,
      '    alias: prod',
      '    regions: [us-east-1, eu-west-1]',
      `    roleArn: arn:aws:iam::${PROD}:role/pipeline-gateway-read`,
      '    externalId: prod-ext',
      `  - account: "${STAGING}"`,
      '    alias: staging',
      '    regions: [us-east-1]',
      `    roleArn: arn:aws:iam::${STAGING}:role/pipeline-gateway-read`,
      `  - account: "${SANDBOX}"`,
      '    alias: sandbox',
      '    regions: [us-east-1]',
      `    roleArn: arn:aws:iam::${SANDBOX}:role/denied-pipeline-gateway-read`,
      '',
    ].join('\n'),
  );
  return {
    emu,
    targetsFile,
    clientOf,
    close: async () => {
      for (const client of clients) client.destroy();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
