import { type Target } from '../../src/aws/target';
import { type NewPipelineEvent } from '../../src/subscriptions/contracts';
import { memoryCursorCodec } from '../../src/subscriptions/cursor';
import { BusLiveEvents } from '../../src/subscriptions/live-events';
import { MemoryEventBus } from '../../src/subscriptions/memory-bus';
import { MemoryWatchRegistry } from '../../src/subscriptions/memory-watch';
import { type PipelineEventData } from '../../src/schema/subscriptions/pipeline-event';

const target: Target = { accountId: '123456789012', region: 'us-east-1' };

function event(pipelineName: string, state: string, kind = 'STAGE_EXECUTION_STATE_CHANGE'): NewPipelineEvent {
  return {
    kind: kind as NewPipelineEvent['kind'],
    accountId: target.accountId,
    region: target.region,
    pipelineName,
    stageName: 'Build',
    state,
    detectedAt: '2025-01-01T00:00:00.000Z',
  };
}

function setup(bufferSize?: number) {
  const bus = new MemoryEventBus(100);
  const watches = new MemoryWatchRegistry();
  const live = new BusLiveEvents({ target, bus, watches, cursors: memoryCursorCodec, bufferSize });
  return { bus, watches, live };
}

async function take(it: AsyncIterator<PipelineEventData>, n: number): Promise<PipelineEventData[]> {
  const out: PipelineEventData[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('BusLiveEvents', () => {
  it('delivers live events that pass the filter and watches what it asks for', async () => {
    const { bus, watches, live } = setup();
    const it = live.subscribe({ pipelineNames: ['a'], states: ['Failed'] });
    expect(await watches.watched(target)).toEqual({ all: false, names: ['a'] });
    await bus.publish(target, 'b', [event('b', 'Failed')]);
    await bus.publish(target, 'a', [event('a', 'InProgress'), event('a', 'Failed')]);
    expect((await take(it, 1)).map((e) => [e.pipelineName, e.state, e.cursor])).toEqual([
      ['a', 'Failed', 'a:2'],
    ]);
    await it.return?.();
  });

  it('watches every pipeline (`*`) without a pipeline filter', async () => {
    const { watches, live } = setup();
    const it = live.subscribe({});
    expect(await watches.watched(target)).toEqual({ all: true, names: [] });
    await it.return?.();
    expect(await watches.watched(target)).toEqual({ all: false, names: [] });
  });

  it('replays exactly the events after `after`, then live ones, without a gap or a duplicate', async () => {
    const { bus, live } = setup();
    const first = await bus.publish(target, 'a', [event('a', 's1'), event('a', 's2'), event('a', 's3')]);
    const it = live.subscribe({ pipelineNames: ['a'] }, first[0]?.cursor);
    // Published while the replay is in flight: it is in the replay and live, and must come once.
    await bus.publish(target, 'a', [event('a', 's4')]);
    await bus.publish(target, 'a', [event('a', 's5')]);
    expect((await take(it, 4)).map((e) => e.state)).toEqual(['s2', 's3', 's4', 's5']);
    await bus.publish(target, 'a', [event('a', 's6')]);
    expect((await take(it, 1)).map((e) => e.cursor)).toEqual(['a:6']);
    await it.return?.();
  });

  it('resumes the cursor’s pipeline for a filter of many, and the others live', async () => {
    const { bus, live } = setup();
    const [a1] = await bus.publish(target, 'a', [event('a', 'a1'), event('a', 'a2')]);
    await bus.publish(target, 'b', [event('b', 'b-old')]);
    const it = live.subscribe({ pipelineNames: ['a', 'b'] }, a1?.cursor);
    await bus.publish(target, 'b', [event('b', 'b-new')]);
    expect((await take(it, 2)).map((e) => e.state)).toEqual(['a2', 'b-new']);
    await it.return?.();
  });

  it('rejects a cursor that is not one', () => {
    const { live, watches } = setup();
    expect(() => live.subscribe({}, 'not a cursor')).toThrow(/event cursor/);
    expect(watches.watcherCount(target)).toBe(0);
  });

  it('leaves no route and no watch behind after return(), even with a next() pending', async () => {
    const { bus, watches, live } = setup();
    const it = live.subscribe({ pipelineNames: ['a', 'b'] });
    const pending = it.next();
    // One bus listener serves every subscriber; subscribers are routed to by pipeline.
    expect(bus.listenerCount).toBe(1);
    expect(live.activeSubscriptions).toBe(1);
    expect(watches.watcherCount(target)).toBe(2);
    await it.return?.();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(live.activeSubscriptions).toBe(0);
    expect(bus.listenerCount).toBe(1);
    expect(watches.watcherCount(target)).toBe(0);
    await bus.publish(target, 'a', [event('a', 'late')]);
    await expect(it.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('closes a subscriber that falls too far behind with SLOW_CONSUMER, after what it had', async () => {
    const { bus, watches, live } = setup(3);
    const it = live.subscribe({ pipelineNames: ['a'] });
    await bus.publish(
      target,
      'a',
      ['1', '2', '3', '4', '5'].map((s) => event('a', s)),
    );
    expect(live.activeSubscriptions).toBe(0);
    expect(watches.watcherCount(target)).toBe(0);
    const got = await take(it, 3);
    expect(got.map((e) => e.state)).toEqual(['1', '2', '3']);
    await expect(it.next()).rejects.toMatchObject({
      extensions: { code: 'LIMIT_EXCEEDED', reason: 'SLOW_CONSUMER' },
    });
    // The last cursor it got resumes it exactly.
    const again = live.subscribe({ pipelineNames: ['a'] }, got.at(-1)?.cursor);
    expect((await take(again, 2)).map((e) => e.state)).toEqual(['4', '5']);
    await again.return?.();
  });
});
