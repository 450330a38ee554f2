import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CodePipelineClient, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import pino from 'pino';
import { createCodePipelineClient } from '../../../src/aws/client';
import { startEmulatorServer, type RunningEmulator } from '../../../src/emulator/http-server';
import { parseConfig } from '../../../src/server/config';
import { type GatewayTarget, resolveTargets, targetKeyOf } from '../../../src/server/targets';
import { TargetChecker } from '../../../src/server/targets-check';

/**
 * Targets from a TARGETS_FILE, resolved and checked against the emulator's
 * STS and CodePipeline: two good accounts in three account-and-region pairs,
 * and a third account whose role is refused.
 */

const EMULATOR_ACCOUNT = '999988887777';
const STATIC = { accessKeyId: 'AKIDGATEWAYBASE', secretAccessKey: 'secret' };

let emu: RunningEmulator;
let dir: string;
let targetsFile: string;
const clients: CodePipelineClient[] = [];

/** Log lines as JSON objects. */
function captureLogs(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = pino({ level: 'info' }, { write: (chunk: string) => chunks.push(chunk) });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** AssumeRole calls the emulator's STS has answered. */
async function assumeRoleCalls(): Promise<number> {
  const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as {
    sts?: Record<string, number>;
  };
  return stats.sts?.AssumeRole ?? 0;
}

function probeWith(): (target: GatewayTarget, signal: AbortSignal) => Promise<void> {
  const byKey = new Map<string, CodePipelineClient>();
  return async (target, signal) => {
    let client = byKey.get(targetKeyOf(target));
    if (!client) {
      client = createCodePipelineClient({
        target: target.target,
        credentials: target.credentials,
        maxAttempts: 1,
        requestTimeoutMs: 5_000,
        maxSockets: 4,
      });
      clients.push(client);
      byKey.set(targetKeyOf(target), client);
    }
    await client.send(new ListPipelinesCommand({ maxResults: 1 }), { abortSignal: signal });
  };
}

beforeAll(async () => {
  emu = await startEmulatorServer({ seed: 'none', tickIntervalMs: 0, account: EMULATOR_ACCOUNT });
  dir = mkdtempSync(join(tmpdir(), 'targets-'));
  targetsFile = join(dir, 'targets.yaml');
  writeFileSync(
    targetsFile,
    [
      'targets:',
      '  - account: "111111111111"',
      '    alias: prod',
      '    regions: [us-east-1, eu-west-1]',
      '    roleArn: arn:aws:iam::111111111111:role/pipeline-gateway-read',
      '    externalId: prod-ext-id',
      '  - account: "222222222222"',
      '    alias: staging',
      '    regions: [us-east-1]',
      '    roleArn: arn:aws:iam::222222222222:role/pipeline-gateway-read',
      '  - account: "333333333333"',
      '    alias: sandbox',
      '    regions: [us-east-1]',
      '    roleArn: arn:aws:iam::333333333333:role/denied-pipeline-gateway-read',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('targets from a TARGETS_FILE', () => {
  it('are one per account and region, each with its alias and role', async () => {
    const config = parseConfig({ CODEPIPELINE_ENDPOINT: emu.url, TARGETS_FILE: targetsFile });
    const { targets } = await resolveTargets(config, {
      endpoint: emu.url,
      staticKeys: STATIC,
      logger: pino({ level: 'silent' }),
    });
    expect(
      targets.map((t) => ({ key: targetKeyOf(t), alias: t.alias, endpoint: t.target.endpoint })),
    ).toEqual([
      { key: '111111111111:us-east-1', alias: 'prod', endpoint: emu.url },
      { key: '111111111111:eu-west-1', alias: 'prod', endpoint: emu.url },
      { key: '222222222222:us-east-1', alias: 'staging', endpoint: emu.url },
      { key: '333333333333:us-east-1', alias: 'sandbox', endpoint: emu.url },
    ]);
  });

  it('are checked with one call each: the denied one is out with ACCESS_DENIED, logged by name, the others are OK', async () => {
    const config = parseConfig({ CODEPIPELINE_ENDPOINT: emu.url, TARGETS_FILE: targetsFile });
    const logs = captureLogs();
    const resolved = await resolveTargets(config, {
      endpoint: emu.url,
      staticKeys: STATIC,
      logger: logs.logger,
    });
    const checker = new TargetChecker({ ...resolved, probe: probeWith(), logger: logs.logger });
    const assumedBefore = await assumeRoleCalls();
    const reports = await checker.check();
    // One AssumeRole per good account: both prod regions share one session (refusals are not counted).
    expect((await assumeRoleCalls()) - assumedBefore).toBe(2);
    expect(reports.map((r) => [r.target, r.status])).toEqual([
      ['prod (111111111111/us-east-1)', 'OK'],
      ['prod (111111111111/eu-west-1)', 'OK'],
      ['staging (222222222222/us-east-1)', 'OK'],
      ['sandbox (333333333333/us-east-1)', 'ACCESS_DENIED'],
    ]);
    expect(reports[3]?.error).toBe(
      'Target sandbox (333333333333/us-east-1): role arn:aws:iam::333333333333:role/denied-pipeline-gateway-read cannot be assumed (STS answered AccessDenied).',
    );
    expect(resolved.board.failureOf('333333333333:us-east-1')?.code).toBe('ACCESS_DENIED');
    expect(resolved.board.failureOf('111111111111:us-east-1')).toBeUndefined();
    const errors = logs.lines().filter((line) => line.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        target: 'sandbox (333333333333/us-east-1)',
        code: 'ACCESS_DENIED',
        awsErrorName: 'AccessDenied',
      }),
    ]);
    // A second round within the reuse window is the same answer, with no new calls; a failure is logged once.
    expect(await checker.check()).toBe(reports);
  });

  it('log a change of status once, and a recovery', async () => {
    const config = parseConfig({ CODEPIPELINE_ENDPOINT: emu.url, TARGETS_FILE: targetsFile });
    const logs = captureLogs();
    const resolved = await resolveTargets(config, {
      endpoint: emu.url,
      staticKeys: STATIC,
      logger: logs.logger,
    });
    let down = true;
    const probe = probeWith();
    const checker = new TargetChecker({
      ...resolved,
      targets: resolved.targets.slice(0, 1),
      probe: async (target, signal) => {
        if (down)
          throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error', code: 'ECONNREFUSED' });
        await probe(target, signal);
      },
      logger: logs.logger,
      reuseMs: 0,
    });
    await checker.check();
    await checker.check();
    down = false;
    const [report] = await checker.check();
    expect(report?.status).toBe('OK');
    expect(logs.lines().map((line) => [line.level, line.msg])).toEqual([
      [50, 'Target prod (111111111111/us-east-1) did not answer (ECONNREFUSED).'],
      [30, 'target is back'],
    ]);
  });
});

describe('the single target without TARGETS_FILE', () => {
  it('takes its account from STS GetCallerIdentity and its region from AWS_REGION', async () => {
    const config = parseConfig({ CODEPIPELINE_ENDPOINT: emu.url, AWS_REGION: 'eu-west-1' });
    const { targets, board } = await resolveTargets(config, {
      endpoint: emu.url,
      staticKeys: STATIC,
      logger: pino({ level: 'silent' }),
    });
    expect(targets.map(targetKeyOf)).toEqual([`${EMULATOR_ACCOUNT}:eu-west-1`]);
    expect(board.failureOf(`${EMULATOR_ACCOUNT}:eu-west-1`)).toBeUndefined();
  });

  it('keeps AWS_ACCOUNT_ID when it is set, without asking STS', async () => {
    const config = parseConfig({
      CODEPIPELINE_ENDPOINT: 'http://127.0.0.1:9',
      AWS_REGION: 'eu-west-1',
      AWS_ACCOUNT_ID: '444455556666',
    });
    const { targets } = await resolveTargets(config, {
      endpoint: 'http://127.0.0.1:9',
      staticKeys: STATIC,
      logger: pino({ level: 'silent' }),
    });
    expect(targets.map(targetKeyOf)).toEqual(['444455556666:eu-west-1']);
  });
});
