/**
 * The emulator's simulated clock.
 *
 * Simulated time runs at `speed` times real time, and tests can jump it ahead
 * with {@link SimClock.advance}. Nothing in the emulator keeps its own timers
 * for executions: the engine compares stored deadlines with `now()` whenever
 * it ticks, so a jump of any size plays out every transition in order.
 */
export class SimClock {
  private anchorReal: number;
  private anchorSim: number;

  constructor(
    private speedFactor = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    this.anchorReal = this.realNow();
    this.anchorSim = this.anchorReal;
  }

  /** Simulated epoch milliseconds. */
  nowMs(): number {
    return this.anchorSim + (this.realNow() - this.anchorReal) * this.speedFactor;
  }

  /** Simulated time as a Date, the form handlers put on the wire. */
  now(): Date {
    return new Date(Math.floor(this.nowMs()));
  }

  /** How many simulated milliseconds pass per real millisecond. */
  get speed(): number {
    return this.speedFactor;
  }

  /** Changes the speed from now on, without a jump in simulated time. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`clock speed must be >= 0, got ${speed}`);
    this.reanchor();
    this.speedFactor = speed;
  }

  /** Jumps simulated time forward by `ms`. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock advance must be >= 0, got ${ms}`);
    this.reanchor();
    this.anchorSim += ms;
  }

  /**
   * Moves simulated time back by `ms`. Only the demo seed uses it, once, before
   * anything has run, so that its warm-up history ends at the real present.
   */
  rewind(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock rewind must be >= 0, got ${ms}`);
    this.reanchor();
    this.anchorSim -= ms;
  }

  private reanchor(): void {
    const now = this.realNow();
    this.anchorSim = this.nowMs();
    this.anchorReal = now;
  }
}
