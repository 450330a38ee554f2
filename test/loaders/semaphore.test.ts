import { Semaphore } from '../../src/loaders/semaphore';
import { SingleFlight } from '../../src/loaders/single-flight';

describe('the upstream concurrency bound', () => {
  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        semaphore.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('frees its slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('single-flight', () => {
  it('shares one running call among callers of the same key', async () => {
    const flight = new SingleFlight();
    let calls = 0;
    const task = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return 'v';
    };
    await expect(
      Promise.all([flight.do('k', task), flight.do('k', task), flight.do('other', task)]),
    ).resolves.toEqual(['v', 'v', 'v']);
    expect(calls).toBe(2);
    expect(flight.size).toBe(0);
  });

  it('forgets a failed call so the next caller tries again', async () => {
    const flight = new SingleFlight();
    await expect(flight.do('k', () => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
    await expect(flight.do('k', async () => 'ok')).resolves.toBe('ok');
  });
});
