import { CallBudget } from '../../src/subscriptions/budget';
import { PollSchedule } from '../../src/subscriptions/schedule';
import { fakeClock } from './harness';

describe('CallBudget', () => {
  it('lets at most callsPerSecond calls through in any one-second window, evenly spaced', async () => {
    const clock = fakeClock();
    const budget = new CallBudget({ callsPerSecond: 5, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      await budget.acquire();
      times.push(clock.now());
    }
    times.forEach((t, i) => {
      const next = times[i + 1];
      if (next !== undefined) expect(next - t).toBe(200);
    });
  });

  it('halves the rate on throttles, down to a floor, and recovers it gradually', async () => {
    const clock = fakeClock();
    const budget = new CallBudget({
      callsPerSecond: 8,
      now: clock.now,
      sleep: clock.sleep,
      recoveryMs: 1000,
    });
    budget.onThrottle();
    expect(budget.rate).toBe(4);
    for (let i = 0; i < 10; i++) budget.onThrottle();
    expect(budget.rate).toBe(0.5);
    const before = clock.now();
    await budget.acquire();
    expect(clock.now() - before).toBe(2000); // a full interval at the new rate
    clock.advance(1000);
    expect(budget.rate).toBe(3.5); // 3 s without a throttle: 3 steps of 1 call/s
    clock.advance(10_000);
    expect(budget.rate).toBe(8);
  });

  it('stops waiting when aborted', async () => {
    const budget = new CallBudget({ callsPerSecond: 0.001 });
    await budget.acquire();
    const abort = new AbortController();
    const waiting = budget.acquire(abort.signal);
    abort.abort();
    await expect(waiting).rejects.toThrow('aborted');
  });
});

describe('PollSchedule', () => {
  const options = { fastIntervalMs: 2000, idleIntervalMs: 30_000 };

  it('takes the most overdue pipeline, and in turn among equals', () => {
    const s = new PollSchedule(options);
    s.sync(['a', 'b', 'c'], 0);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const name = s.nextDue(100_000) ?? '';
      order.push(name);
      s.polled(name, i, false);
    }
    expect(order.slice(0, 3).sort()).toEqual(['a', 'b', 'c']);
    expect(order.slice(3)).toEqual(order.slice(0, 3));
  });

  it('polls fast while something runs, slowly when idle, and at once when nudged', () => {
    const s = new PollSchedule(options);
    s.sync(['busy', 'idle'], 0);
    s.polled('busy', 0, true);
    s.polled('idle', 0, false);
    expect(s.nextDue(1999)).toBeUndefined();
    expect(s.nextDue(2000)).toBe('busy');
    s.polled('busy', 2000, true);
    expect(s.nextDue(3000)).toBeUndefined();
    expect(s.nudge('idle', 3000)).toBe(true);
    expect(s.nextDue(3000)).toBe('idle');
    expect(s.nudge('unknown', 3000)).toBe(false);
  });

  it('stretches a throttled pipeline’s interval and eases it after good polls', () => {
    const s = new PollSchedule(options);
    s.sync(['p'], 0);
    s.throttled('p', 0);
    s.throttled('p', 0);
    expect(s.backoffOf('p')).toBe(4);
    expect(s.nextDue(7999)).toBeUndefined();
    s.polled('p', 8000, true);
    expect(s.backoffOf('p')).toBe(2);
    expect(s.earliestDueAt()).toBe(8000 + 2 * 2000);
  });

  it('drops pipelines no longer watched', () => {
    const s = new PollSchedule(options);
    s.sync(['a', 'b'], 0);
    s.sync(['b'], 0);
    expect(s.names).toEqual(['b']);
  });
});
