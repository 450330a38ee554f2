import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmulatorServer, type RunningEmulator } from '../../../src/emulator/http-server';
import { declaration, source, stage, timed } from '../engine/fixtures';

const run = promisify(execFile);
const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';

function installed(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const hasBoto3 = installed('python3', ['-c', 'import boto3']);
const hasCli = installed('aws', ['--version']);

let emu: RunningEmulator;

function pipeline(name: string): ReturnType<typeof declaration> {
  return declaration(name, [
    stage('Source', [source()]),
    stage('Build', [timed('Build', { ProjectName: 'b' })]),
  ]);
}

beforeAll(async () => {
  emu = await startEmulatorServer({ tickIntervalMs: 0, account: '123456789012' });
  emu.emulator.world({ accountId: ACCOUNT_A, region: 'us-east-1' }).invoke('CreatePipeline', {
    pipeline: pipeline('a-east'),
  });
  emu.emulator.world({ accountId: ACCOUNT_B, region: 'us-east-1' }).invoke('CreatePipeline', {
    pipeline: pipeline('b-east'),
  });
  emu.emulator.world({ accountId: ACCOUNT_B, region: 'eu-west-1' }).invoke('CreatePipeline', {
    pipeline: pipeline('b-west'),
  });
});

afterAll(async () => {
  await emu.close();
});

// Python clients are optional on a developer machine; the suite names itself skipped rather than pass silently.
(hasBoto3 ? describe : describe.skip)(
  `boto3 against the emulator${hasBoto3 ? '' : ' (SKIPPED: boto3 not installed)'}`,
  () => {
    it('sees through STS-assumed credentials only their own account and region', async () => {
      const script = join(__dirname, 'boto3_scenario.py');
      const { stdout } = await run('python3', [script, emu.url, ACCOUNT_A, ACCOUNT_B], {
        env: { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
        timeout: 60_000,
      });
      expect(JSON.parse(stdout)).toEqual({
        static: '123456789012',
        assumedA: `arn:aws:sts::${ACCOUNT_A}:assumed-role/pipeline-gateway-read/boto3-scenario`,
        pipelinesA: ['a-east'],
        pipelinesB: ['b-east'],
        pipelinesBWest: ['b-west'],
        denied: { code: 'AccessDenied', status: 403 },
      });
    }, 60_000);
  },
);

(hasCli ? describe : describe.skip)(
  `the AWS CLI against the emulator${hasCli ? '' : ' (SKIPPED: aws not installed)'}`,
  () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'AKIDCLIEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };

    async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<unknown> {
      const { stdout } = await run('aws', [...args, '--endpoint-url', emu.url, '--output', 'json'], {
        env: { ...env, ...extraEnv },
        timeout: 60_000,
      });
      return JSON.parse(stdout);
    }

    it('assumes a role with aws sts and lists only that account pipelines in the region asked', async () => {
      const assumed = (await cli([
        'sts',
        'assume-role',
        '--role-arn',
        `arn:aws:iam::${ACCOUNT_B}:role/pipeline-gateway-read`,
        '--role-session-name',
        'cli',
        '--region',
        'us-east-1',
      ])) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
      const asB = {
        AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
        AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
      };
      const west = (await cli(['codepipeline', 'list-pipelines', '--region', 'eu-west-1'], asB)) as {
        pipelines: { name: string }[];
      };
      expect(west.pipelines.map((p) => p.name)).toEqual(['b-west']);
    }, 60_000);
  },
);
