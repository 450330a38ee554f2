import {
  type CodePipelineClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-codepipeline';
import { type Redis } from 'ioredis';
import { createCodePipelineClient } from '../aws/client';
import { type CredentialProvider } from '../aws/credentials';
import { classifyUpstreamError, UpstreamFailure } from '../aws/errors';
import { type Target, targetKey } from '../aws/target';
import { BudgetExhausted } from './budget-errors';
import { CallObservation, type UpstreamCallRecord } from './call-observation';
import { CallBudget, type WaitOptions } from './call-budget';
import { type CodePipelineCommand, type Send } from './codepipeline-command';
import { type BudgetObserver } from './observer';
import { type CallPriority } from './priority';
import { RedisTokenBucket } from './redis-token-bucket';
import { type BucketShape, LocalTokenBucket, type TokenBucket } from './token-bucket';

/** How one call is made: its priority, how long it may wait for the budget, and where it is logged. */
export interface CallOptions extends WaitOptions {
  /** The request's call log (the audit reads its writes' request ids); the call is appended when it ends. */
  log?: UpstreamCallRecord[];
}

/** What every target's client and budget share; mapped from config by the composition root. */
export interface UpstreamSettings {
  /** Total attempts per call under the SDK's `standard` retry mode (1 disables retries). */
  maxAttempts: number;
  /** Bound on each attempt. */
  requestTimeoutMs: number;
  /** Sockets per upstream host. */
  maxSockets: number;
  /** `UPSTREAM_CALLS_PER_SECOND`: the fleet's calls per second to one target; 0 turns the budget off. */
  callsPerSecond: number;
  /** `POLL_CALLS_PER_SECOND`: the change detector's own pace, within the budget (and alone when the budget is off). */
  pollerCallsPerSecond?: number;
  /** The shared Redis: the budget is fleet-wide through it. Absent, each process has its own bucket. */
  redis?: Redis;
  redisKeyPrefix?: string;
  /** Told when a target's budget falls back to this process's own bucket because Redis failed. */
  onBudgetFallback?: (target: string, err: unknown) => void;
}

/** One target to register: where it is and whose credentials sign its calls. */
export interface TargetRegistration {
  target: Target;
  credentials: CredentialProvider;
}

/** The shape of every target's bucket: a second's worth of burst, and room for the priority floors. */
export function bucketShape(callsPerSecond: number): BucketShape {
  return { ratePerSecond: callsPerSecond, capacity: Math.max(3, callsPerSecond) };
}

/** True when CodePipeline (not our own budget) refused a call for its rate. */
function isUpstreamThrottle(err: unknown): boolean {
  return (
    !(err instanceof BudgetExhausted) && classifyUpstreamError(err as Error) === UpstreamFailure.THROTTLED
  );
}

/** Attempts the SDK made for one call, from the output's or the exception's metadata. */
function attemptsOf(value: unknown): number {
  const attempts = (value as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 1 ? attempts : 1;
}

/**
 * CodePipeline as one target (account and region) sees it: its SDK client
 * and its call budget. Every call of the gateway to that target, reads,
 * writes, polls and health checks, goes through {@link call}.
 */
export class TargetUpstream {
  /** `account:region`, the key of this target in metrics, cache keys and the budget. */
  readonly key: string;
  /** Absent when `UPSTREAM_CALLS_PER_SECOND=0` and the poller has no pace of its own. */
  readonly budget?: CallBudget;

  constructor(
    readonly target: Target,
    private readonly client: CodePipelineClient,
    budget: CallBudget | undefined,
  ) {
    this.key = targetKey(target);
    this.budget = budget;
  }

  /** Waits for the budget at `priority`, sends `command`, and feeds throttles and SDK retries back to the budget. */
  async call<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: CodePipelineCommand<I, O>,
    options: CallOptions,
  ): Promise<O> {
    // A span (a no-op unless tracing is on) and a line in the request's call log (call-observation.ts).
    const observed = new CallObservation(this.key, command, options.priority, options.log);
    try {
      await this.budget?.acquire(options);
      observed.admitted();
    } catch (err) {
      observed.failed(err);
      throw err;
    }
    try {
      const out = await this.client.send(command, { abortSignal: options.signal });
      observed.succeeded(out);
      this.budget?.onSuccess();
      await this.budget?.charge(options.priority, attemptsOf(out) - 1);
      return out;
    } catch (err) {
      observed.failed(err);
      if (this.budget) {
        if (isUpstreamThrottle(err)) this.budget.onThrottle(options.priority);
        await this.budget.charge(options.priority, attemptsOf(err) - 1);
      }
      throw err;
    }
  }

  /** {@link call} with the priority (and wait bound) bound once, for code that sends many commands alike. */
  sender(options: CallOptions): Send {
    return (command) => this.call(command, options);
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }
}

/**
 * The one door to CodePipeline: a registry of targets, each with its SDK
 * client and its call budget. Nothing else in the gateway holds an SDK
 * client. Targets are registered at start-up (one today; one per account
 * and region with a targets file), and every caller names the target it
 * calls: `upstream.call(target, new GetPipelineCommand(...), { priority })`.
 */
export class Upstream {
  /** Where every target's budget reports what it spends (the server's metrics); none by default. */
  observer?: BudgetObserver;
  private readonly targets = new Map<string, TargetUpstream>();
  /** Forwards to {@link observer} as it is when each event happens, so it may be plugged in after targets. */
  private readonly forward: BudgetObserver = {
    spent: (...args) => this.observer?.spent(...args),
    waited: (...args) => this.observer?.waited(...args),
    throttled: (...args) => this.observer?.throttled(...args),
    exhausted: (...args) => this.observer?.exhausted(...args),
  };

  constructor(private readonly settings: UpstreamSettings) {}

  /** Adds a target (idempotent by account and region): builds its client and its budget. */
  register(registration: TargetRegistration): TargetUpstream {
    const key = targetKey(registration.target);
    const known = this.targets.get(key);
    if (known) return known;
    const { settings } = this;
    const client = createCodePipelineClient({
      target: registration.target,
      credentials: registration.credentials,
      maxAttempts: settings.maxAttempts,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxSockets: settings.maxSockets,
    });
    const each = new TargetUpstream(registration.target, client, this.budgetFor(key));
    this.targets.set(key, each);
    return each;
  }

  /** The registered target; throws for one that was never registered (a wiring bug, not a user error). */
  forTarget(target: Target): TargetUpstream {
    const each = this.targets.get(targetKey(target));
    if (!each) throw new Error(`target ${targetKey(target)} is not registered with the upstream`);
    return each;
  }

  /** Sends one command to `target` within its budget. */
  call<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    target: Target,
    command: CodePipelineCommand<I, O>,
    options: CallOptions,
  ): Promise<O> {
    return this.forTarget(target).call(command, options);
  }

  /** Every registered target, in registration order. */
  get registered(): TargetUpstream[] {
    return [...this.targets.values()];
  }

  /** Closes every client. */
  close(): void {
    for (const each of this.targets.values()) each.close();
  }

  private budgetFor(key: string): CallBudget | undefined {
    const {
      callsPerSecond,
      pollerCallsPerSecond,
      redis,
      redisKeyPrefix = '',
      onBudgetFallback,
    } = this.settings;
    const observer = this.forward;
    if (callsPerSecond <= 0) {
      // No budget: calls go straight out, as before the budget existed; only the poller keeps its pace.
      if (!pollerCallsPerSecond) return undefined;
      const unbounded = { ratePerSecond: Infinity, capacity: Infinity };
      return new CallBudget({
        target: key,
        bucket: new LocalTokenBucket(unbounded),
        shape: unbounded,
        observer,
        pollerCallsPerSecond,
      });
    }
    const shape = bucketShape(callsPerSecond);
    const bucket: TokenBucket = redis
      ? new RedisTokenBucket({
          redis,
          key: `${redisKeyPrefix}upstream-budget|${key}`,
          shape,
          onFallback: (err) => onBudgetFallback?.(key, err),
        })
      : new LocalTokenBucket(shape);
    return new CallBudget({ target: key, bucket, shape, observer, pollerCallsPerSecond });
  }
}

export { type CallPriority };
