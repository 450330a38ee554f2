import {
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  ListWebhooksCommand,
} from '@aws-sdk/client-codepipeline';
import { DEMO_FLEET, DEMO_WEBHOOK, DISABLED_TRANSITION } from '../../../src/emulator/seed/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';

let emu: TestEmulator;

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
