import { CreatePipelineCommand, StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { type EmulatorEventsOptions } from '../../../src/emulator/events/delivery';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { declaration, source, stage, timed } from '../engine/fixtures';
import { startReceiver, type EventReceiver, type ReceivedEvent } from './receiver';

const API_KEY = 'events-secret';

let receiver: EventReceiver;
let emu: TestEmulator;
let counter = 0;

function pipeline(name: string, buildConfig: Record<string, string> = {}): ReturnType<typeof declaration> {
  return declaration(name, [
    stage('Source', [source()]),
    stage('Build', [timed('Build', { ProjectName: 'b', ...buildConfig })]),
  ]);
}

/** A fresh pipeline name per test, so each test reads only its own events. */
function fresh(prefix: string): string {
  counter++;
  return `${prefix}-${counter}`;
}

function of(name: string): ReceivedEvent[] {
  return receiver.events.filter((e) => e.detail.pipeline === name);
}

function line(e: ReceivedEvent): string {
  const where = e.detail.action ?? e.detail.stage ?? 'pipeline';
  return `${where} ${e.detail.state}`;
}

async function start(events: Partial<EmulatorEventsOptions> = {}): Promise<void> {
  emu = await startTestEmulator({
    events: { url: receiver.url, apiKey: API_KEY, retry: { baseDelayMs: 20, maxDelayMs: 100 }, ...events },
  });
}

async function settled(): Promise<void> {
  await emu.emulator.events?.delivery.idle();
}

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  await emu.close();
  await receiver.close();
});

describe('the emulator sends CodePipeline EventBridge events', () => {
  it('sends every pipeline, stage and action state change of a run, in causal order, with the api key', async () => {
    await start();
    const name = fresh('run');
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline(name) }));
    emu.advance(5_000);
    emu.advance(5_000);
    await settled();
    expect(of(name).map(line)).toEqual([
      'pipeline STARTED',
      'Source STARTED',
      'Source STARTED',
      'Source SUCCEEDED',
      'Source SUCCEEDED',
      'Build STARTED',
      'Build STARTED',
      'Build SUCCEEDED',
      'Build SUCCEEDED',
      'pipeline SUCCEEDED',
    ]);
    expect(of(name).map((e) => e['detail-type'])).toEqual([
      'CodePipeline Pipeline Execution State Change',
      'CodePipeline Stage Execution State Change',
      'CodePipeline Action Execution State Change',
      'CodePipeline Action Execution State Change',
      'CodePipeline Stage Execution State Change',
      'CodePipeline Stage Execution State Change',
      'CodePipeline Action Execution State Change',
      'CodePipeline Action Execution State Change',
      'CodePipeline Stage Execution State Change',
      'CodePipeline Pipeline Execution State Change',
    ]);
    expect(receiver.headers.every((h) => h['x-api-key'] === API_KEY)).toBe(true);
    expect(receiver.headers[0]?.['content-type']).toBe('application/json');
  });

  it('uses the real envelope and detail fields', async () => {
    await start();
    const name = fresh('envelope');
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline(name) }));
    emu.advance(10_000);
    await settled();
    const [started] = of(name);
    const executionId = started?.detail['execution-id'];
    expect(started).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'CodePipeline Pipeline Execution State Change',
      source: 'aws.codepipeline',
      account: '123456789012',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [`arn:aws:codepipeline:us-east-1:123456789012:${name}`],
      detail: {
        pipeline: name,
        'execution-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
        'start-time': expect.any(String),
        'execution-trigger': {
          'trigger-type': 'CreatePipeline',
          'trigger-detail': 'arn:aws:iam::123456789012:user/emulator',
        },
        state: 'STARTED',
        version: 1,
        'pipeline-execution-attempt': 1,
      },
    });
    const buildDone = of(name).find((e) => e.detail.action === 'Build' && e.detail.state === 'SUCCEEDED');
    expect(buildDone?.detail).toMatchObject({
      pipeline: name,
      'execution-id': executionId,
      stage: 'Build',
      action: 'Build',
      'action-execution-id': expect.any(String),
      region: 'us-east-1',
      type: { owner: 'AWS', provider: 'CodeBuild', category: 'Build', version: '1' },
      version: 1,
    });
    expect(new Set(of(name).map((e) => e.id)).size).toBe(of(name).length);
  });

  it('reports a failed action, its stage and the execution as FAILED', async () => {
    await start();
    const name = fresh('fails');
    await emu.client.send(
      new CreatePipelineCommand({ pipeline: pipeline(name, { EmulatorFailureRate: '1' }) }),
    );
    emu.advance(10_000);
    await settled();
    expect(of(name).map(line).slice(-3)).toEqual(['Build FAILED', 'Build FAILED', 'pipeline FAILED']);
    const failed = of(name).find((e) => e.detail.action === 'Build' && e.detail.state === 'FAILED');
    expect(failed?.detail['execution-result']).toMatchObject({
      'external-execution-summary': expect.any(String),
    });
  });

  it('reports a stop as STOPPING then STOPPED', async () => {
    await start();
    const name = fresh('stops');
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline(name) }));
    const executionId = emu.emulator.engine.executionsOf(name)[0]?.pipelineExecutionId;
    await emu.client.send(
      new StopPipelineExecutionCommand({
        pipelineName: name,
        pipelineExecutionId: executionId,
        reason: 'no',
      }),
    );
    emu.advance(5_000);
    await settled();
    const pipelineStates = of(name)
      .filter((e) => e['detail-type'] === 'CodePipeline Pipeline Execution State Change')
      .map((e) => e.detail.state);
    expect(pipelineStates).toEqual(['STARTED', 'STOPPING', 'STOPPED']);
  });

  it('carries the account and region of the world the change happened in', async () => {
    await start();
    const world = emu.emulator.world({ accountId: '222222222222', region: 'eu-west-1' });
    world.invoke('CreatePipeline', { pipeline: pipeline('far-away') });
    await settled();
    expect(of('far-away')[0]).toMatchObject({
      account: '222222222222',
      region: 'eu-west-1',
      resources: ['arn:aws:codepipeline:eu-west-1:222222222222:far-away'],
    });
  });

  it('does not send what happened quietly (the seed history)', async () => {
    await start();
    emu.emulator.quietly(() => {
      emu.emulator.world().invoke('CreatePipeline', { pipeline: pipeline('seeded') });
      emu.emulator.advance(10_000);
    });
    emu.emulator.world().invoke('StartPipelineExecution', { name: 'seeded' });
    await settled();
    expect(of('seeded').map(line).slice(0, 1)).toEqual(['pipeline STARTED']);
    expect(of('seeded').filter((e) => e.detail.state === 'SUCCEEDED')).toEqual([]);
  });
});

describe('event faults', () => {
  it('loses every event at eventLossRate 1, and counts them', async () => {
    await start();
    await emu.admin('/_emulator/faults', { eventLossRate: 1 });
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('lost') }));
    await settled();
    expect(receiver.events).toEqual([]);
    const stats = (await emu.admin('/_emulator/stats')) as { events: Record<string, number> };
    expect(stats.events).toMatchObject({ published: 3, lost: 3, delivered: 0 });
  });

  it('delivers every event twice with the same id at eventDuplicateRate 1', async () => {
    await start();
    await emu.admin('/_emulator/faults', { eventDuplicateRate: 1 });
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('twice') }));
    await settled();
    const ids = receiver.events.map((e) => e.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(3);
    const stats = (await emu.admin('/_emulator/stats')) as { events: Record<string, number> };
    expect(stats.events).toMatchObject({ published: 3, duplicated: 3, delivered: 6 });
  });

  it('delays delivery by eventDelayMs without delaying the API', async () => {
    await start();
    await emu.admin('/_emulator/faults', { eventDelayMs: 300 });
    const before = Date.now();
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('late') }));
    const answered = Date.now() - before;
    await receiver.waitFor(1);
    expect(answered).toBeLessThan(300);
    expect(Date.now() - before).toBeGreaterThanOrEqual(300);
  });

  it('sends events out of order with eventReorder', async () => {
    await start();
    await emu.admin('/_emulator/faults', { eventReorder: true });
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('shuffled') }));
    await settled();
    expect(of('shuffled').map(line)).toEqual(['Source STARTED', 'Source STARTED', 'pipeline STARTED']);
  });
});

describe('delivery retries', () => {
  it('retries 5xx and 429 answers with backoff until the receiver accepts', async () => {
    await start();
    receiver.answerWith(503, 429, 500);
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('retried') }));
    await settled();
    expect(of('retried').map(line).sort()).toEqual(['Source STARTED', 'Source STARTED', 'pipeline STARTED']);
    const stats = (await emu.admin('/_emulator/stats')) as { events: Record<string, number> };
    expect(stats.events).toMatchObject({ published: 3, delivered: 3, retried: 3, sent: 6, failed: 0 });
  });

  it('gives up on an answer EventBridge does not retry, such as 400 or 413', async () => {
    await start();
    receiver.answerWith(400, 413);
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('refused') }));
    await settled();
    const stats = (await emu.admin('/_emulator/stats')) as { events: Record<string, number> };
    expect(stats.events).toMatchObject({ published: 3, delivered: 1, failed: 2, retried: 0 });
  });

  it('retries a receiver that is down, a bounded number of times', async () => {
    await receiver.close();
    await start({ retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('down') }));
    await settled();
    const stats = (await emu.admin('/_emulator/stats')) as { events: Record<string, number> };
    expect(stats.events).toMatchObject({ published: 3, delivered: 0, sent: 9, retried: 6, failed: 3 });
    receiver = await startReceiver();
  });

  it('never holds up the API or the engine while the receiver hangs', async () => {
    await start({ timeoutMs: 10_000 });
    receiver.answerWith('hang');
    const before = Date.now();
    await emu.client.send(new CreatePipelineCommand({ pipeline: pipeline('hung') }));
    emu.advance(10_000);
    expect(emu.emulator.engine.executionsOf('hung')[0]?.status).toBe('Succeeded');
    expect(Date.now() - before).toBeLessThan(1_000);
    const stats = (await emu.admin('/_emulator/stats')) as { events: Record<string, number> };
    expect(stats.events.pending).toBeGreaterThan(0);
  });
});
