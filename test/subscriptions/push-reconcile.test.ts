import { simplePipeline } from '../support/declarations';
import { type TestGateway } from '../support/gateway';
import { baselineOf, eventually, idlePipeline, LiveClients } from '../support/live';
import { connectTestRedis, type TestRedis } from '../support/redis';
import {
  PIPELINE_EVENTS,
  type PushedEvent,
  type PushRig,
  repeated,
  runToEnd,
  startPushRig,
} from '../server/events/push-harness';

/**
 * Issue 12: with 20% of events lost and 10% sent twice, every terminal state
 * of every execution, stage and action is delivered exactly once: what a
 * push lost arrives by a reconciliation poll (POLL_RECONCILE_SECONDS=2 here),
 * which counts the gap and returns polling to its fast interval.
 */

const RECONCILE_SECONDS = 2;
const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled', 'Abandoned']);
const PIPELINES = ['lossy-a', 'lossy-b', 'lossy-c'];
const RUNS_EACH = 3;

/** The terminal transitions a run of simplePipeline goes through: its own, and each stage's and action's. */
function terminalItems(executionId: string): string[] {
  return [
    `PIPELINE_EXECUTION_STATE_CHANGE|${executionId}||`,
    ...['Source', 'Build'].flatMap((stage) => [
      `STAGE_EXECUTION_STATE_CHANGE|${executionId}|${stage}|`,
      `ACTION_EXECUTION_STATE_CHANGE|${executionId}|${stage}|${stage}`,
    ]),
  ];
}

function itemOf(e: PushedEvent): string {
  return [e.kind, e.pipelineExecutionId, e.stageName ?? '', e.actionName ?? ''].join('|');
}

describe('pushed events with 20% loss and 10% duplicates, over Redis', () => {
  let redis: TestRedis;
  let rig: PushRig;
  const live = new LiveClients(() => rig.gateway as TestGateway);

  beforeAll(async () => {
    redis = await connectTestRedis();
    rig = await startPushRig({
      redisPrefix: redis.prefix,
      // Quiet after 4 s: a poll's find that no push follows within 2 s (half of it) is a gap.
      env: { POLL_RECONCILE_SECONDS: String(RECONCILE_SECONDS), EVENTS_QUIET_SECONDS: '4' },
    });
  });

  afterAll(async () => {
    await live.disposeAll();
    await rig.close();
    await redis.cleanup();
  });

  it('delivers every terminal state exactly once, the lost ones by reconciliation', async () => {
    for (const name of PIPELINES) await idlePipeline(rig.emu, simplePipeline(name));
    await rig.delivered();
    const stream = live.open<PushedEvent>('pipelineEvents', PIPELINE_EVENTS, {
      filter: { pipelineNames: PIPELINES },
    });
    for (const name of PIPELINES) await baselineOf(rig.gateway as TestGateway, name);
    await rig.emu.admin('/_emulator/faults', { eventLossRate: 0.2, eventDuplicateRate: 0.1 });
    const runs: string[] = [];
    for (let i = 0; i < RUNS_EACH; i++) {
      for (const name of PIPELINES) runs.push(await runToEnd(rig, name));
    }
    await rig.delivered();
    const endedAt = Date.now();
    const expected = runs.flatMap(terminalItems);
    const terminal = () => stream.values.filter((e) => TERMINAL.has(e.state)).map(itemOf);
    await eventually(
      () => expected.every((item) => terminal().includes(item)),
      'every terminal state, by push or reconciliation',
      (RECONCILE_SECONDS + 8) * 1000,
    ).catch((err: Error) => {
      const missing = expected.filter((item) => !terminal().includes(item));
      throw new Error(`${err.message}; missing ${missing.join(', ')}`);
    });
    const arrivedWithinMs = Date.now() - endedAt;
    // Exactly once: no terminal state twice, and no transition of any kind twice.
    for (const item of expected)
      expect(`${item} x${terminal().filter((t) => t === item).length}`).toBe(`${item} x1`);
    expect(repeated(stream.values)).toEqual([]);
    const events = (await rig.emu.admin('/_emulator/stats')) as {
      events: { lost: number; duplicated: number };
    };
    expect(events.events.lost).toBeGreaterThan(0);
    expect(events.events.duplicated).toBeGreaterThan(0);
    // What reconciliation found and no push followed is counted as a gap once its grace has passed.
    await eventually(
      () => (rig.gateway.live.each[0]?.live.push?.reconciler.gaps.unannounced ?? 0) > 0,
      'the gap to be counted',
      5_000,
    );
    expect(arrivedWithinMs).toBeLessThan((RECONCILE_SECONDS + 8) * 1000);
    const metrics = await (await fetch(`${rig.base}/metrics`)).text();
    expect(metrics).toMatch(/cpgw_events_gaps_total\{target="[^"]+",reason="unannounced"\} [1-9]/);
  });
});
