import { StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../../support/declarations';
import { baselineOf, eventually, idlePipeline, LiveClients } from '../../support/live';
import { connectTestRedis, type TestRedis } from '../../support/redis';
import { type TestGateway } from '../../support/gateway';
import {
  PIPELINE_EVENTS,
  type PushedEvent,
  type PushRig,
  repeated,
  runToEnd,
  startPushRig,
} from './push-harness';

/**
 * Issue 12: CodePipeline's EventBridge events, sent by the real emulator to
 * the gateway's POST /events, are what subscribers hear; polling only
 * reconciles. Run with Redis and without it.
 */

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled', 'Abandoned']);

describe.each([
  ['without Redis', false],
  ['with Redis', true],
] as const)('pushed events, %s', (_mode, useRedis) => {
  let redis: TestRedis | undefined;
  let rig: PushRig;
  const live = new LiveClients(() => rig.gateway as TestGateway);

  beforeAll(async () => {
    redis = useRedis ? await connectTestRedis() : undefined;
    // Reconciliation is an hour away: whatever subscribers hear during a test came by push.
    rig = await startPushRig({
      redisPrefix: redis?.prefix,
      env: { POLL_RECONCILE_SECONDS: '3600', EVENTS_QUIET_SECONDS: '3600' },
    });
  });

  afterEach(async () => {
    await live.disposeAll();
    await rig.emu.admin('/_emulator/faults', {});
  });

  afterAll(async () => {
    await rig.close();
    await redis?.cleanup();
  });

  async function watched(name: string) {
    await idlePipeline(rig.emu, simplePipeline(name));
    await rig.delivered();
    const stream = live.open<PushedEvent>('pipelineEvents', PIPELINE_EVENTS, {
      filter: { pipelineNames: [name] },
    });
    await baselineOf(rig.gateway as TestGateway, name);
    return stream;
  }

  it('delivers a run through push while polling has slowed to reconciliation', async () => {
    const stream = await watched('pushed-run');
    const pollsBefore = await rig.listCalls();
    const id = await runToEnd(rig, 'pushed-run');
    await eventually(
      () => stream.values.some((e) => e.kind === 'PIPELINE_EXECUTION_STATE_CHANGE' && TERMINAL.has(e.state)),
      'the run to end for the subscriber',
    );
    const kinds = stream.values
      .filter((e) => e.pipelineExecutionId === id)
      .map((e) => `${e.kind}:${e.state}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'PIPELINE_EXECUTION_STATE_CHANGE:InProgress',
        'STAGE_EXECUTION_STATE_CHANGE:InProgress',
        'ACTION_EXECUTION_STATE_CHANGE:Succeeded',
        'STAGE_EXECUTION_STATE_CHANGE:Succeeded',
        'PIPELINE_EXECUTION_STATE_CHANGE:Succeeded',
      ]),
    );
    expect(repeated(stream.values)).toEqual([]);
    // No poll ran meanwhile: the events came by push alone.
    expect(await rig.listCalls()).toBe(pollsBefore);
    expect(rig.gateway.live.each[0]?.live.push?.reconciler.pushing).toBe(true);
  });

  it('delivers each transition once when every event is pushed twice and a poll saw them first', async () => {
    const stream = await watched('pushed-twice');
    // Every event twice, and late: the poll below reads the run before any push arrives.
    await rig.emu.admin('/_emulator/faults', { eventDuplicateRate: 1, eventDelayMs: 300 });
    const side = rig.gateway.live.each[0]?.live.push?.side;
    const duplicatesBefore = side?.stats.duplicates ?? 0;
    const id = await startAndFinishWithoutWaiting(rig, 'pushed-twice');
    await rig.gateway.live.poller.pollPipeline('pushed-twice');
    await rig.delivered();
    await eventually(
      () =>
        stream.values.some(
          (e) =>
            e.pipelineExecutionId === id &&
            e.kind === 'PIPELINE_EXECUTION_STATE_CHANGE' &&
            TERMINAL.has(e.state),
        ),
      'the run to be delivered',
    );
    expect(stream.values.filter((e) => e.pipelineExecutionId === id).length).toBeGreaterThanOrEqual(5);
    expect(repeated(stream.values)).toEqual([]);
    // Each pushed copy was judged a duplicate of what the poll delivered.
    await side?.settled();
    expect((side?.stats.duplicates ?? 0) - duplicatesBefore).toBeGreaterThanOrEqual(10);
    // The pushes trailed the poll: that is no gap, the stream lost nothing.
    expect(rig.gateway.live.each[0]?.live.push?.reconciler.gaps.unannounced).toBe(0);
  });

  it('never moves a state backwards when events arrive newest first', async () => {
    const stream = await watched('pushed-reordered');
    await rig.emu.admin('/_emulator/faults', { eventReorder: true });
    const side = rig.gateway.live.each[0]?.live.push?.side;
    const staleBefore = side?.stats.stale ?? 0;
    const id = await runToEnd(rig, 'pushed-reordered');
    await rig.delivered();
    await eventually(
      () =>
        stream.values.some(
          (e) =>
            e.pipelineExecutionId === id &&
            e.kind === 'PIPELINE_EXECUTION_STATE_CHANGE' &&
            TERMINAL.has(e.state),
        ),
      'the run to be delivered',
    );
    const mine = stream.values.filter((e) => e.pipelineExecutionId === id);
    // Per execution, stage and action: nothing after a terminal state.
    const ended = new Set<string>();
    for (const e of mine) {
      const item = [e.kind, e.stageName, e.actionName].join('|');
      expect(ended.has(item) ? `${item} ${e.state} after its end` : 'in order').toBe('in order');
      if (TERMINAL.has(e.state)) ended.add(item);
    }
    expect(
      mine.filter((e) => e.kind === 'PIPELINE_EXECUTION_STATE_CHANGE' && TERMINAL.has(e.state)),
    ).toHaveLength(1);
    expect(repeated(stream.values)).toEqual([]);
    await side?.settled();
    expect((side?.stats.stale ?? 0) - staleBefore).toBeGreaterThan(0);
  });
});

/** Starts a run and plays it to its end in one clock jump, without waiting for its (delayed) events. */
async function startAndFinishWithoutWaiting(rig: PushRig, name: string): Promise<string> {
  const { pipelineExecutionId } = await rig.emu.client.send(new StartPipelineExecutionCommand({ name }));
  rig.emu.advance(600_000);
  return pipelineExecutionId ?? '';
}
