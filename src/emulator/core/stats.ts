/** Counters of one world, or of all worlds together, as `GET /_emulator/stats` serves them. */
export interface CallStatsSnapshot {
  /** Calls per operation, counted on arrival (a throttled or failed call still counts). */
  calls: Record<string, number>;
  /** Sum of `calls`. */
  total: number;
  /** Calls per operation answered with `ThrottlingException` by fault injection (`throttleRate` or `tps`). */
  throttled: Record<string, number>;
}

type Counters = Map<string, Map<string, number>>;

function bump(counters: Counters, world: string, operation: string): void {
  const perOp = counters.get(world) ?? new Map<string, number>();
  perOp.set(operation, (perOp.get(operation) ?? 0) + 1);
  counters.set(world, perOp);
}

function sum(counters: Counters, worlds: (world: string) => boolean): Record<string, number> {
  const totals = new Map<string, number>();
  for (const [world, perOp] of counters) {
    if (!worlds(world)) continue;
    for (const [op, n] of perOp) totals.set(op, (totals.get(op) ?? 0) + n);
  }
  const out: Record<string, number> = {};
  for (const [op, n] of [...totals].sort(([a], [b]) => a.localeCompare(b))) out[op] = n;
  return out;
}

/**
 * Per-operation call counters, served at `GET /_emulator/stats`, kept per
 * world (account and region).
 *
 * Every request that names an operation is counted on arrival, before faults
 * are injected, so a throttled or failed call still counts as a call the
 * gateway made. That is what lets tests assert exact upstream call counts.
 * Throttled answers are counted apart, so a bench can prove none happened.
 */
export class CallStats {
  private calls: Counters = new Map();
  private throttledCalls: Counters = new Map();

  /** Counts one call of `operation` in `world` (a world key such as `123456789012/us-east-1`). */
  record(operation: string, world = ''): void {
    bump(this.calls, world, operation);
  }

  /** Counts one call of `operation` that was answered with `ThrottlingException`. */
  recordThrottled(operation: string, world = ''): void {
    bump(this.throttledCalls, world, operation);
  }

  reset(): void {
    this.calls.clear();
    this.throttledCalls.clear();
  }

  /** World keys that saw at least one call, sorted. */
  worlds(): string[] {
    return [...this.calls.keys()].sort();
  }

  /** Counters of one world when `world` is given, else of all worlds together. */
  snapshot(world?: string): CallStatsSnapshot {
    const pick = world === undefined ? () => true : (w: string) => w === world;
    const calls = sum(this.calls, pick);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    return { calls, total, throttled: sum(this.throttledCalls, pick) };
  }
}
