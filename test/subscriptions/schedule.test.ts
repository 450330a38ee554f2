import { PollSchedule } from '../../src/subscriptions/schedule';

const FAST = 2_000;
const IDLE = 30_000;

/** Polls `polls` times, one every `everyMs`, as a call budget would pace them; returns each pipeline's poll times. */
function simulate(
  schedule: PollSchedule,
  running: ReadonlySet<string>,
  polls: number,
  everyMs: number,
): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (let i = 0; i < polls; i += 1) {
    const now = i * everyMs;
    const name = schedule.nextDue(now);
    if (name === undefined) continue;
    schedule.polled(name, now, running.has(name));
    times.set(name, [...(times.get(name) ?? []), now]);
  }
  return times;
}

/** The longest wait of a pipeline between two polls, or from `fromMs` to its first or from its last to `endMs`. */
function longestGap(times: number[], endMs: number, fromMs = 0): number {
  let gap = 0;
  let previous = fromMs;
  for (const t of [...times.filter((t) => t >= fromMs), endMs]) {
    gap = Math.max(gap, t - previous);
    previous = t;
  }
  return gap;
}

describe('the poll schedule', () => {
  it('polls a pipeline with a running execution before idle ones that are more overdue', () => {
    const schedule = new PollSchedule({ fastIntervalMs: FAST, idleIntervalMs: IDLE });
    schedule.sync(['idle-a', 'idle-b', 'running'], 0);
    schedule.polled('idle-a', 0, false);
    schedule.polled('idle-b', 0, false);
    schedule.polled('running', 25_000, true);
    // At 33.5 s the idle ones are 3.5 s overdue, the running one only 0.5 s: it goes first all the same.
    schedule.polled('running', 31_000, true);
    expect(schedule.nextDue(33_500)).toBe('running');
  });

  it('lets running and starved pipelines take turns when both are due', () => {
    const schedule = new PollSchedule({ fastIntervalMs: FAST, idleIntervalMs: IDLE, starvationMs: 5_000 });
    schedule.sync(['idle-a', 'idle-b', 'run-a', 'run-b'], 0);
    for (const name of ['idle-a', 'idle-b']) schedule.polled(name, 0, false);
    for (const name of ['run-a', 'run-b']) schedule.polled(name, 40_000, true);
    // At 50 s both idle ones are 20 s overdue (starved) and both running ones are due.
    const order: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const name = schedule.nextDue(50_000) ?? '';
      order.push(name);
      schedule.polled(name, 50_000, name.startsWith('run'));
    }
    expect(order).toEqual(['run-a', 'idle-a', 'run-b', 'idle-b']);
  });

  it('lets a running pipeline that falls due during a long round be polled in that round', () => {
    const schedule = new PollSchedule({ fastIntervalMs: FAST, idleIntervalMs: IDLE });
    schedule.sync(['idle', 'running'], 0);
    schedule.polled('idle', 0, false);
    schedule.polled('running', 1_000, true);
    // A round that started at 0 s: at 5 s the running one is due (3 s) though it was not at the round's start.
    expect(schedule.nextDue(0, undefined, 5_000)).toBe('running');
    schedule.polled('running', 5_000, true);
    // The idle one falls due at 30 s, after the round started: it waits for the next round.
    expect(schedule.nextDue(0, undefined, 31_000)).toBe('running');
    schedule.polled('running', 31_000, true);
    expect(schedule.nextDue(0, undefined, 32_000)).toBeUndefined();
    expect(schedule.nextDue(32_000)).toBe('idle');
  });

  it('shares a budget far below demand fairly: 1,000 pipelines, 50 running, 5 polls a second, none starves', () => {
    const schedule = new PollSchedule({ fastIntervalMs: FAST, idleIntervalMs: IDLE });
    const names = Array.from({ length: 1_000 }, (_, i) => `p${String(i).padStart(4, '0')}`);
    const running = new Set(names.slice(0, 50));
    schedule.sync(names, 0);
    const durationMs = 1_200_000;
    const times = simulate(schedule, running, durationMs / 200, 200);
    const gaps = names.map((n) => longestGap(times.get(n) ?? [], durationMs));
    // 6,000 polls for 1,000 pipelines: every one is polled. The 50 running ones want 25 polls a second and get
    // half the budget (each polled about every 20 s); the 950 others share the other half in round robin, so
    // none waits much longer than 950 / 2.5 = 380 s.
    expect(times.size).toBe(1_000);
    expect(Math.max(...gaps)).toBeLessThan(450_000);
    const pollsOf = (set: string[]) =>
      set.reduce((n, name) => n + (times.get(name)?.length ?? 0), 0) / set.length;
    expect(pollsOf([...running])).toBeGreaterThan(10 * pollsOf(names.filter((n) => !running.has(n))));
    for (const name of running)
      expect(longestGap(times.get(name) ?? [], durationMs, 60_000)).toBeLessThan(40_000);
  });

  it('polls running pipelines at their fast interval when the budget allows it', () => {
    const schedule = new PollSchedule({ fastIntervalMs: FAST, idleIntervalMs: IDLE });
    const names = Array.from({ length: 100 }, (_, i) => `p${i}`);
    const running = new Set(names.slice(0, 10));
    schedule.sync(names, 0);
    // 10 polls a second: 5 for the running ones at 2 s, 3.3 for the idle at 30 s.
    const durationMs = 300_000;
    const times = simulate(schedule, running, durationMs / 100, 100);
    // After the first round (new pipelines count as running until polled: 10 s), each running one every 2 s.
    for (const name of running)
      expect(longestGap(times.get(name) ?? [], durationMs, 15_000)).toBeLessThanOrEqual(FAST + 200);
    for (const name of names)
      expect(longestGap(times.get(name) ?? [], durationMs)).toBeLessThanOrEqual(IDLE + 10_000); // the first round of 100 takes 10 s
  });
});
