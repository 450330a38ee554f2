import { GetPipelineStateCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { approvalPipeline, simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { createPipeline, eventLines as lines, pollerHarness, startExecution } from './harness';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.admin('/_emulator/reset', {});
});

const totalCalls = async () => Object.values(await emu.stats()).reduce((a, b) => a + b, 0);

/** Every step of one run of `simplePipeline`, as `describe` prints it. */
const simpleRun = (id: string) =>
  [
    'PIPELINE InProgress<-',
    'STAGE Source InProgress<-',
    'ACTION Source/Source InProgress<-',
    'ACTION Source/Source Succeeded<-InProgress',
    'STAGE Source Succeeded<-InProgress',
    'STAGE Build InProgress<-',
    'ACTION Build/Build InProgress<-',
    'ACTION Build/Build Succeeded<-InProgress',
    'STAGE Build Succeeded<-InProgress',
    'PIPELINE Succeeded<-InProgress',
  ].map((l) => `${id.slice(0, 4)} ${l}`);

/** A watched pipeline whose creation run is over and whose baseline is taken. */
async function watchedIdle(h: ReturnType<typeof pollerHarness>, name: string, decl = simplePipeline(name)) {
  await createPipeline(emu, decl);
  h.advance(60_000);
  const release = h.watches.watch(h.target, name);
  await h.poller.tick();
  expect(h.events).toEqual([]);
  return release;
}

describe('Poller against the emulator', () => {
  it('emits every state change of an execution that ran entirely between two polls, in order', async () => {
    const h = pollerHarness(emu);
    await watchedIdle(h, 'whole');
    const id = await startExecution(emu, 'whole');
    h.advance(120_000);
    await h.poller.tick();
    expect(lines(h.events)).toEqual(simpleRun(id));
    expect(h.events.every((e) => e.pipelineName === 'whole' && e.version === 1)).toBe(true);
    expect(h.events[2]).toMatchObject({
      accountId: '123456789012',
      region: 'us-east-1',
      actionType: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
      pipelineExecutionId: id,
    });
    expect(h.events.map((e) => e.cursor)).toEqual(h.events.map((_e, i) => `whole:${i + 1}`));
  });

  it('emits the same steps, nothing missed or repeated, when polled fast through the run', async () => {
    const h = pollerHarness(emu);
    await watchedIdle(h, 'stepwise');
    const id = await startExecution(emu, 'stepwise');
    h.poller.nudge('stepwise'); // as the mutation that started it does
    for (let i = 0; i < 15; i++) {
      h.advance(1000);
      await h.poller.tick();
    }
    expect(lines(h.events)).toEqual(simpleRun(id));
  });

  it('raises APPROVAL_NEEDED at a manual gate and follows the run once approved', async () => {
    const h = pollerHarness(emu);
    await watchedIdle(h, 'gate', approvalPipeline('gate'));
    // The creation run waits at the gate already (baseline); approve it so ours is the only run.
    const token = async () =>
      (await emu.client.send(new GetPipelineStateCommand({ name: 'gate' }))).stageStates?.find(
        (s) => s.stageName === 'Approval',
      )?.actionStates?.[0]?.latestExecution?.token;
    await emu.client.send(
      new PutApprovalResultCommand({
        pipelineName: 'gate',
        stageName: 'Approval',
        actionName: 'Approve',
        result: { status: 'Approved', summary: 'ok' },
        token: await token(),
      }),
    );
    h.advance(60_000);
    await h.poller.tick();
    h.events.length = 0;
    const id = await startExecution(emu, 'gate');
    h.advance(60_000);
    await h.poller.tick();
    const short = id.slice(0, 4);
    expect(lines(h.events).slice(-3)).toEqual([
      `${short} STAGE Approval InProgress<-`,
      `${short} ACTION Approval/Approve InProgress<-`,
      `${short} APPROVAL_NEEDED Approval/Approve InProgress<-`,
    ]);
    expect(h.events.at(-1)?.actionType).toMatchObject({ category: 'Approval', provider: 'Manual' });
    h.events.length = 0;
    await emu.client.send(
      new PutApprovalResultCommand({
        pipelineName: 'gate',
        stageName: 'Approval',
        actionName: 'Approve',
        result: { status: 'Approved', summary: 'ship it' },
        token: await token(),
      }),
    );
    h.advance(60_000);
    await h.poller.tick();
    expect(lines(h.events)).toEqual([
      `${short} ACTION Approval/Approve Succeeded<-InProgress`,
      `${short} STAGE Approval Succeeded<-InProgress`,
      `${short} STAGE Deploy InProgress<-`,
      `${short} ACTION Deploy/Deploy InProgress<-`,
      `${short} ACTION Deploy/Deploy Succeeded<-InProgress`,
      `${short} STAGE Deploy Succeeded<-InProgress`,
      `${short} PIPELINE Succeeded<-InProgress`,
    ]);
  });

  it('tracks each of two concurrent PARALLEL executions', async () => {
    const h = pollerHarness(emu);
    await watchedIdle(h, 'par', simplePipeline('par', { pipelineType: 'V2', executionMode: 'PARALLEL' }));
    const first = await startExecution(emu, 'par');
    h.advance(1000);
    const second = await startExecution(emu, 'par');
    h.advance(3000);
    await h.poller.tick();
    h.advance(60_000);
    await h.poller.tick();
    const of = (id: string) => lines(h.events).filter((l) => l.startsWith(id.slice(0, 4)));
    expect(of(first)).toEqual(simpleRun(first));
    expect(of(second)).toEqual(simpleRun(second));
    expect(h.events).toHaveLength(20);
  });

  it('backs off on ThrottlingException for the pipeline, and recovers', async () => {
    const h = pollerHarness(emu);
    await watchedIdle(h, 'throttled');
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    await emu.admin('/_emulator/stats/reset', {});
    const start = h.clock.now();
    while (h.clock.now() - start < 30_000) {
      h.advance(500);
      await h.poller.nudge('throttled');
      await h.poller.tick();
    }
    expect(h.poller.stats.throttles).toBeGreaterThan(0);
    // The pacing itself is the upstream budget's (test/upstream/call-budget.test.ts): here, every throttled poll is counted.
    expect(h.poller.stats.errors).toBe(0);
    await emu.admin('/_emulator/faults', {});
    h.advance(60_000);
    const id = await startExecution(emu, 'throttled');
    h.advance(60_000);
    await h.poller.tick();
    expect(lines(h.events)).toEqual(simpleRun(id));
  });

  it('stops polling a pipeline once its last watcher leaves', async () => {
    const h = pollerHarness(emu);
    const release = await watchedIdle(h, 'left');
    const other = h.watches.watch(h.target, 'left');
    release();
    h.advance(60_000);
    await h.poller.tick();
    expect(h.poller.scheduled).toEqual(['left']);
    other();
    await emu.admin('/_emulator/stats/reset', {});
    h.advance(60_000);
    await h.poller.tick();
    expect(h.poller.scheduled).toEqual([]);
    expect(await totalCalls()).toBe(0);
  });

  it('hands over: a new poller with the same snapshot store neither re-emits nor misses', async () => {
    const h = pollerHarness(emu);
    await watchedIdle(h, 'handover');
    const first = await startExecution(emu, 'handover');
    h.poller.nudge('handover');
    h.advance(2500);
    await h.poller.tick();
    const seen = h.events.length;
    expect(seen).toBeGreaterThan(0);
    await h.poller.stop();
    const next = h.newPoller();
    h.advance(60_000);
    await next.tick();
    expect(lines(h.events)).toEqual(simpleRun(first));
    const count = h.events.length;
    h.advance(60_000);
    await h.newPoller().tick();
    expect(h.events).toHaveLength(count);
  });

  it('polls a nudged pipeline at once, ahead of its idle interval', async () => {
    const h = pollerHarness(emu, { idleIntervalMs: 30_000 });
    await watchedIdle(h, 'nudged');
    const id = await startExecution(emu, 'nudged');
    h.advance(60_000);
    await emu.admin('/_emulator/stats/reset', {});
    h.clock.advance(-55_000); // the poller's clock: only 5 s since the baseline, well within the idle interval
    await h.poller.tick();
    expect(await totalCalls()).toBe(0);
    h.poller.nudge('nudged');
    await h.poller.tick();
    expect(lines(h.events)).toEqual(simpleRun(id));
  });

  it('polls every pipeline for a `*` watcher', async () => {
    const h = pollerHarness(emu);
    await createPipeline(emu, simplePipeline('star-a'));
    await createPipeline(emu, simplePipeline('star-b'));
    h.watches.watch(h.target, '*');
    await h.poller.tick();
    expect(h.poller.scheduled.sort()).toEqual(['star-a', 'star-b']);
    h.advance(60_000);
    await h.poller.tick();
    expect(new Set(h.events.map((e) => e.pipelineName))).toEqual(new Set(['star-a', 'star-b']));
  });

  it('runs in the background while it holds the lease, and stops cleanly', async () => {
    const h = pollerHarness(emu, { now: Date.now, fastIntervalMs: 20, idleIntervalMs: 20 });
    const poller = h.newPoller({ now: Date.now, checkIntervalMs: 10 });
    await createPipeline(emu, simplePipeline('bg'));
    h.watches.watch(h.target, 'bg');
    poller.start();
    const deadline = Date.now() + 5000;
    while (poller.stats.polls < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await poller.stop();
    expect(poller.stats.polls).toBeGreaterThanOrEqual(3);
    expect(h.lease.held).toBe(false);
    const polls = poller.stats.polls;
    await new Promise((r) => setTimeout(r, 100));
    expect(poller.stats.polls).toBe(polls);
  });
});
