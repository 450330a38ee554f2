import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  ListWebhooksCommand,
} from '@aws-sdk/client-codepipeline';
import { DEMO_FLEET, DEMO_WEBHOOK, DISABLED_TRANSITION } from '../../../src/emulator/seed/declarations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DEMO_SECOND_ACCOUNT, DEMO_SECOND_REGION } from '../../../src/emulator/seed/demo-estate';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';

let emu: TestEmulator;
const STATIC = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

beforeAll(async () => {
  emu = await startTestEmulator({ seed: 'demo' });
});

afterAll(async () => {
  await emu.close();
});

describe('the demo fleet', () => {
  it('holds about a dozen pipelines of both types and all three execution modes', async () => {
    const { pipelines = [] } = await emu.client.send(new ListPipelinesCommand({}));
    expect(pipelines).toHaveLength(DEMO_FLEET.length);
    expect(pipelines.length).toBeGreaterThanOrEqual(10);
    expect(new Set(pipelines.map((p) => p.pipelineType))).toEqual(new Set(['V1', 'V2']));
    expect(new Set(pipelines.map((p) => p.executionMode))).toEqual(
      new Set(['SUPERSEDED', 'QUEUED', 'PARALLEL']),
    );
  });

  it('ends its warm-up at the real present, with an hour of history behind it', async () => {
    const clock = (await emu.admin('/_emulator/clock')) as { now: number };
    expect(Math.abs(clock.now * 1000 - Date.now())).toBeLessThan(60_000);
    const { pipelineExecutionSummaries = [] } = await emu.client.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'web-frontend' }),
    );
    expect(pipelineExecutionSummaries.length).toBeGreaterThan(5);
  });

  it('has a manual approval gate waiting with a token', async () => {
    const state = await emu.client.send(new GetPipelineStateCommand({ name: 'payments-api' }));
    const approval = state.stageStates?.find((s) => s.stageName === 'Approval');
    const action = approval?.actionStates?.[0]?.latestExecution;
    expect(action?.status).toBe('InProgress');
    expect(action?.token).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('has a pipeline that fails now and then', async () => {
    const { pipelineExecutionSummaries = [] } = await emu.client.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'flaky-integration-tests', maxResults: 100 }),
    );
    const statuses = new Set(pipelineExecutionSummaries.map((e) => e.status));
    expect(statuses).toContain('Failed');
    expect(statuses).toContain('Succeeded');
  });

  it('holds executions behind a disabled transition', async () => {
    const state = await emu.client.send(
      new GetPipelineStateCommand({ name: DISABLED_TRANSITION.pipelineName }),
    );
    const stage = state.stageStates?.find((s) => s.stageName === DISABLED_TRANSITION.stageName);
    expect(stage?.inboundTransitionState).toMatchObject({
      enabled: false,
      disabledReason: DISABLED_TRANSITION.reason,
    });
  });

  it('has tags and a webhook whose secret never leaves the emulator', async () => {
    const { tags = [] } = await emu.client.send(
      new ListTagsForResourceCommand({
        resourceArn: 'arn:aws:codepipeline:us-east-1:123456789012:payments-api',
      }),
    );
    expect(tags).toContainEqual({ key: 'team', value: 'payments' });
    const { webhooks = [] } = await emu.client.send(new ListWebhooksCommand({}));
    expect(webhooks.map((w) => w.definition?.name)).toEqual([DEMO_WEBHOOK.name]);
    expect(webhooks[0]?.definition?.authenticationConfiguration?.SecretToken).not.toBe('demo-webhook-secret');
  });

  it('keeps executions flowing as simulated time passes', async () => {
    const before = await emu.client.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'mobile-app', maxResults: 100 }),
    );
    emu.advance(10 * 60 * 1000);
    // Live traffic runs on a real one-second interval against the simulated clock.
    await new Promise((r) => setTimeout(r, 1_200));
    const after = await emu.client.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'mobile-app', maxResults: 100 }),
    );
    expect(after.pipelineExecutionSummaries?.length).toBeGreaterThan(
      before.pipelineExecutionSummaries?.length ?? 0,
    );
  });
});

describe('the demo estate', () => {
  function clientIn(region: string, accessKeyId: string): CodePipelineClient {
    return new CodePipelineClient({
      endpoint: emu.url,
      region,
      credentials: { accessKeyId, secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  }

  it('fills a second region of the default account with a small fleet that has history', async () => {
    const west = clientIn(DEMO_SECOND_REGION, 'AKIDEXAMPLE');
    const { pipelines = [] } = await west.send(new ListPipelinesCommand({}));
    expect(pipelines.map((p) => p.name).sort()).toEqual([
      'gdpr-export',
      'payments-api-eu',
      'web-frontend-eu',
    ]);
    const { pipelineExecutionSummaries = [] } = await west.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'web-frontend-eu' }),
    );
    expect(pipelineExecutionSummaries.length).toBeGreaterThan(5);
    west.destroy();
  });

  it('fills a second account, reached through an assumed role', async () => {
    const sts = new STSClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: STATIC,
      maxAttempts: 1,
    });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${DEMO_SECOND_ACCOUNT}:role/pipeline-gateway-read`,
        RoleSessionName: 'demo',
      }),
    );
    const other = new CodePipelineClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken,
      },
      maxAttempts: 1,
    });
    const { pipelines = [] } = await other.send(new ListPipelinesCommand({}));
    expect(pipelines.map((p) => p.name).sort()).toEqual([
      'partner-portal',
      'status-page',
      'warehouse-loader',
    ]);
    const { metadata } = await other.send(new GetPipelineCommand({ name: 'status-page' }));
    expect(metadata?.pipelineArn).toBe(`arn:aws:codepipeline:us-east-1:${DEMO_SECOND_ACCOUNT}:status-page`);
    other.destroy();
    sts.destroy();
  });
});
