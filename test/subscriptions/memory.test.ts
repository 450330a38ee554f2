import { type Target } from '../../src/aws/target';
import { comparePositions, formatCursor, parseCursor } from '../../src/subscriptions/cursor';
import { MemoryEventBus } from '../../src/subscriptions/memory-bus';
import { MemoryLease } from '../../src/subscriptions/memory-lease';
import { MemorySnapshotStore } from '../../src/subscriptions/memory-snapshots';
import { MemoryWatchRegistry } from '../../src/subscriptions/memory-watch';

const target: Target = { accountId: '123456789012', region: 'us-east-1' };
const other: Target = { accountId: '210987654321', region: 'eu-west-1' };
const ev = (pipelineName: string, state: string) => ({
  kind: 'STAGE_EXECUTION_STATE_CHANGE' as const,
  accountId: target.accountId,
  region: target.region,
  pipelineName,
  state,
  detectedAt: '2025-01-01T00:00:00.000Z',
});

describe('cursors', () => {
  it('name a pipeline and an ordered position', () => {
    expect(parseCursor(formatCursor('my.pipe-1', 42))).toEqual({ pipelineName: 'my.pipe-1', position: '42' });
    expect(parseCursor('no-position')).toBeUndefined();
    expect(parseCursor(':5')).toBeUndefined();
    expect(parseCursor('p:abc')).toBeUndefined();
    expect(comparePositions('9', '10')).toBeLessThan(0);
    expect(comparePositions('1700000000000-2', '1700000000000-10')).toBeLessThan(0);
    expect(comparePositions('007', '7')).toBe(0);
  });
});

describe('MemoryEventBus', () => {
  it('assigns ordered cursors per pipeline, delivers in order, and replays after a cursor', async () => {
    const bus = new MemoryEventBus(3);
    const seen: string[] = [];
    const off = bus.onEvent((e) => seen.push(e.cursor));
    const a = await bus.publish(target, 'a', [ev('a', '1'), ev('a', '2')]);
    await bus.publish(target, 'b', [ev('b', '1')]);
    await bus.publish(target, 'a', [ev('a', '3'), ev('a', '4')]);
    expect(a.map((e) => e.cursor)).toEqual(['a:1', 'a:2']);
    expect(seen).toEqual(['a:1', 'a:2', 'b:1', 'a:3', 'a:4']);
    // Capped at 3: the oldest fell out.
    expect((await bus.replay(target, 'a', 'a:0')).map((e) => e.cursor)).toEqual(['a:2', 'a:3', 'a:4']);
    expect((await bus.replay(target, 'a', 'a:3')).map((e) => e.state)).toEqual(['4']);
    expect(await bus.replay(other, 'a', 'a:0')).toEqual([]);
    expect(await bus.replay(target, 'a', 'b:0')).toEqual([]);
    off();
    expect(bus.listenerCount).toBe(0);
  });
});

describe('MemoryWatchRegistry', () => {
  it('counts watchers per pipeline and target; releases are idempotent', async () => {
    const w = new MemoryWatchRegistry();
    const r1 = w.watch(target, 'a');
    const r2 = w.watch(target, 'a');
    const r3 = w.watch(target, '*');
    w.watch(other, 'z');
    expect(await w.watched(target)).toEqual({ all: true, names: ['a'] });
    r1();
    r1();
    expect(await w.watched(target)).toEqual({ all: true, names: ['a'] });
    r2();
    r3();
    expect(await w.watched(target)).toEqual({ all: false, names: [] });
    expect(await w.watched(other)).toEqual({ all: false, names: ['z'] });
  });
});

describe('MemorySnapshotStore and MemoryLease', () => {
  it('keep snapshots per target and pipeline', async () => {
    const s = new MemorySnapshotStore();
    await s.set(target, 'a', 'one');
    expect(await s.get(target, 'a')).toBe('one');
    expect(await s.get(other, 'a')).toBeUndefined();
  });

  it('holds the lease whenever asked, until released', async () => {
    const lease = new MemoryLease('me');
    expect(lease.held).toBe(false);
    expect(await lease.tryAcquire()).toBe(true);
    expect(lease.held).toBe(true);
    await lease.release();
    expect(lease.held).toBe(false);
    expect(lease.holderId).toBe('me');
  });
});
