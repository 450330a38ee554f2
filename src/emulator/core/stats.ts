/**
 * Per-operation call counters, served at `GET /_emulator/stats`.
 *
 * Every request that names an operation is counted on arrival, before faults
 * are injected, so a throttled or failed call still counts as a call the
 * gateway made. That is what lets tests assert exact upstream call counts.
 */
export class CallStats {
  private calls = new Map<string, number>();

  record(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  reset(): void {
    this.calls.clear();
  }

  snapshot(): { calls: Record<string, number>; total: number } {
    const calls: Record<string, number> = {};
    let total = 0;
    for (const [op, n] of [...this.calls].sort(([a], [b]) => a.localeCompare(b))) {
      calls[op] = n;
      total += n;
    }
    return { calls, total };
  }
}
