import { AwsError } from './errors';

/** Fault settings, as posted to `POST /_emulator/faults`. Every field is optional. */
export interface FaultConfig {
  /** Added to every API call before it is answered. */
  latencyMs: number;
  /** Up to this much more latency, drawn uniformly per call. */
  jitterMs: number;
  /** Share of calls answered with `ThrottlingException`, from 0 to 1. */
  throttleRate: number;
  /** Share of calls answered with a 5xx `InternalFailure`, from 0 to 1. */
  errorRate: number;
  /** Share of calls that never get an answer, from 0 to 1: for testing client timeouts. */
  hangRate: number;
  /** Per-operation rate limits in calls per second; above them AWS answers "Rate exceeded". */
  tps: Record<string, number>;
  /** Share of EventBridge events never delivered, from 0 to 1 (only with events configured). */
  eventLossRate: number;
  /** Share of events delivered twice, with the same id, as EventBridge's at-least-once delivery may. */
  eventDuplicateRate: number;
  /** Delay before each event is sent, in milliseconds. */
  eventDelayMs: number;
  /** When true, events are held in short batches and sent newest first. */
  eventReorder: boolean;
}

/** No faults: the default. */
export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  jitterMs: 0,
  throttleRate: 0,
  errorRate: 0,
  hangRate: 0,
  tps: {},
  eventLossRate: 0,
  eventDuplicateRate: 0,
  eventDelayMs: 0,
  eventReorder: false,
};

/** What a call suffers, decided once on arrival. */
export type FaultVerdict =
  { kind: 'pass'; delayMs: number } | { kind: 'fail'; delayMs: number; error: AwsError } | { kind: 'hang' };

function numberIn(body: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new RangeError(`${key} must be a number from ${min} to ${max}`);
  }
  return v;
}

/** Parses a faults body, merging it over `NO_FAULTS`. Throws RangeError naming the bad field. */
export function parseFaultConfig(body: Record<string, unknown>): FaultConfig {
  const tpsIn = body.tps ?? {};
  if (tpsIn === null || typeof tpsIn !== 'object' || Array.isArray(tpsIn)) {
    throw new RangeError('tps must be an object of operation name to calls per second');
  }
  const tps: Record<string, number> = {};
  for (const [op, n] of Object.entries(tpsIn)) {
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
      throw new RangeError(`tps.${op} must be a number >= 0`);
    }
    tps[op] = n;
  }
  return {
    latencyMs: numberIn(body, 'latencyMs', 0, 600_000) ?? 0,
    jitterMs: numberIn(body, 'jitterMs', 0, 600_000) ?? 0,
    throttleRate: numberIn(body, 'throttleRate', 0, 1) ?? 0,
    errorRate: numberIn(body, 'errorRate', 0, 1) ?? 0,
    hangRate: numberIn(body, 'hangRate', 0, 1) ?? 0,
    tps,
    eventLossRate: numberIn(body, 'eventLossRate', 0, 1) ?? 0,
    eventDuplicateRate: numberIn(body, 'eventDuplicateRate', 0, 1) ?? 0,
    eventDelayMs: numberIn(body, 'eventDelayMs', 0, 600_000) ?? 0,
    eventReorder: booleanIn(body, 'eventReorder') ?? false,
  };
}

function booleanIn(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new RangeError(`${key} must be true or false`);
  return v;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Applies the configured faults to each call; owns the per-operation token buckets. */
export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private buckets = new Map<string, Bucket>();

  constructor(
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.buckets.clear();
  }

  /**
   * Decides what happens to one call of `operation`. `world` keys the `tps`
   * buckets: AWS limits each account and region apart, so one world's load
   * never throttles another's.
   */
  judge(operation: string, world = ''): FaultVerdict {
    const c = this.config;
    if (c.hangRate > 0 && this.random() < c.hangRate) return { kind: 'hang' };
    const delayMs = c.latencyMs + (c.jitterMs > 0 ? this.random() * c.jitterMs : 0);
    if (!this.takeToken(operation, world) || (c.throttleRate > 0 && this.random() < c.throttleRate)) {
      return { kind: 'fail', delayMs, error: new AwsError('ThrottlingException', 'Rate exceeded') };
    }
    if (c.errorRate > 0 && this.random() < c.errorRate) {
      return {
        kind: 'fail',
        delayMs,
        error: new AwsError('InternalFailure', 'We encountered an internal error. Please try again.', 500),
      };
    }
    return { kind: 'pass', delayMs };
  }

  private takeToken(operation: string, world: string): boolean {
    const rate = this.config.tps[operation];
    if (rate === undefined) return true;
    const now = this.now();
    const key = `${world}|${operation}`;
    const bucket = this.buckets.get(key) ?? { tokens: rate, refilledAt: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.refilledAt) / 1000) * rate);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
