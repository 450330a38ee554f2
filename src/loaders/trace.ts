/** A value served from cache after the upstream failed: what clients see in `extensions.stale`. */
export interface StaleServe {
  kind: string;
  key: string;
  /** How old the served value was. */
  ageMs: number;
  /** The gateway code of the failure it papered over (THROTTLED, UPSTREAM_UNAVAILABLE). */
  reason: string;
}

/**
 * What one GraphQL request cost upstream and whether any of its data is
 * stale. Created per request; the server layer reports it in `extensions`.
 */
export class RequestTrace {
  upstreamCalls = 0;
  readonly stale: StaleServe[] = [];
  readonly callsByOperation = new Map<string, number>();

  recordCall(operation: string): void {
    this.upstreamCalls += 1;
    this.callsByOperation.set(operation, (this.callsByOperation.get(operation) ?? 0) + 1);
  }
}
