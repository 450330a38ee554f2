import { SimClock } from '../../../src/emulator/core/clock';

function fakeReal(): { now: () => number; tick: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, tick: (ms) => (t += ms) };
}

describe('the simulated clock', () => {
  it('runs at its speed relative to real time', () => {
    const real = fakeReal();
    const clock = new SimClock(10, real.now);
    const start = clock.nowMs();
    real.tick(100);
    expect(clock.nowMs() - start).toBe(1000);
  });

  it('jumps ahead on advance without changing speed', () => {
    const real = fakeReal();
    const clock = new SimClock(1, real.now);
    const start = clock.nowMs();
    clock.advance(5000);
    real.tick(10);
    expect(clock.nowMs() - start).toBe(5010);
  });

  it('keeps time continuous when the speed changes', () => {
    const real = fakeReal();
    const clock = new SimClock(1, real.now);
    real.tick(100);
    const before = clock.nowMs();
    clock.setSpeed(100);
    expect(clock.nowMs()).toBe(before);
    real.tick(10);
    expect(clock.nowMs()).toBe(before + 1000);
  });

  it('refuses to run backwards', () => {
    const clock = new SimClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.setSpeed(-2)).toThrow(RangeError);
  });
});
