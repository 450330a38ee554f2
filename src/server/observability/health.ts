import { type Redis } from 'ioredis';
import { toGraphQLError } from '../../schema/errors/graphql-errors';
import { type Lifecycle, type LifecycleState } from './lifecycle';
import { type TargetReport } from '../targets-check';

/** One dependency's answer. */
export interface CheckResult {
  ok: boolean;
  /** How long the check took, when it ran (not served from the probe cache). */
  latencyMs: number;
  /** The gateway error code, or a short reason; never a message that could carry upstream details. */
  error?: string;
  /** When the check actually ran (ISO time): the upstream check is cached between probes. */
  checkedAt: string;
}

/** The body of `/readyz`. */
export interface Readiness {
  /**
   * `ready`: everything answers. `degraded`: CodePipeline answers but Redis
   * does not, so queries still succeed (straight to upstream, memory fallback)
   * while sharing across replicas is off. `unready`: CodePipeline does not
   * answer, or the gateway is draining.
   */
  status: 'ready' | 'degraded' | 'unready';
  lifecycle: LifecycleState;
  checks: { upstream?: CheckResult; redis?: CheckResult };
  /** Each target (account and region) with its status and, when out, the cause, e.g. `ACCESS_DENIED`. */
  targets?: TargetReport[];
}

/** Options of {@link HealthChecks}. */
export interface HealthOptions {
  /**
   * The cheapest call there is to the (first) target, made through the
   * upstream module and so within its call budget (ListPipelines of one).
   */
  probe(signal: AbortSignal): Promise<void>;
  /** The shared Redis, when configured. */
  redis?: Redis;
  lifecycle: Lifecycle;
  /**
   * The targets' checks. With it, readiness is 503 only when every target is
   * out, and `degraded` when some are: the others keep serving. A round that
   * does not finish within `timeoutMs` answers 503.
   */
  targets?: { check(): Promise<TargetReport[]>; reports(): TargetReport[] };
  /** How long an upstream answer is reused, so probes from every kubelet do not become AWS traffic. Default 5 s. */
  upstreamCacheMs?: number;
  /** Bound on each check. Default 2 s. */
  timeoutMs?: number;
  now?: () => number;
}

const CHECK_TIMED_OUT = 'health check timed out';

/** Races `work` against a timer, so a hung dependency answers "down" instead of hanging the probe. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(CHECK_TIMED_OUT)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness. Liveness is the process answering at all.
 * Readiness asks the dependencies: CodePipeline with the cheapest call there
 * is (ListPipelines, one result), reused for a few seconds and shared by
 * concurrent probes; Redis with a PING bounded by a short timeout.
 *
 * A Redis outage reports `degraded` with HTTP 200, not 503: every replica
 * shares the one Redis, so failing readiness on it would take the whole
 * fleet out of the load balancer at once, when the gateway in fact keeps
 * answering (see the cache fallback). An unreachable CodePipeline, or a
 * draining gateway, answers 503.
 */
export class HealthChecks {
  private upstreamCached?: { result: CheckResult; atMs: number };
  private upstreamInFlight?: Promise<CheckResult>;
  private readonly now: () => number;
  private readonly upstreamCacheMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: HealthOptions) {
    this.now = options.now ?? Date.now;
    this.upstreamCacheMs = options.upstreamCacheMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
  }

  /** The readiness answer and its HTTP status. */
  async readiness(): Promise<{ httpStatus: number; body: Readiness }> {
    const lifecycle = this.options.lifecycle.state;
    if (lifecycle !== 'serving') {
      return { httpStatus: 503, body: { status: 'unready', lifecycle, checks: {} } };
    }
    const [{ upstream, targets }, redis] = await Promise.all([
      // With targets, their own probes stand for the upstream: each is one cheap call with its credentials.
      this.options.targets
        ? this.targetsCheck(this.options.targets)
        : this.upstream().then((result) => ({ upstream: result, targets: undefined })),
      this.options.redis ? this.redis(this.options.redis) : Promise.resolve(undefined),
    ]);
    const checks = { upstream, ...(redis ? { redis } : {}) };
    const body = (status: Readiness['status']): Readiness => ({
      status,
      lifecycle,
      checks,
      ...(targets ? { targets } : {}),
    });
    const someOut = targets?.some((target) => target.status !== 'OK' && target.status !== 'UNCHECKED');
    if (!upstream.ok) return { httpStatus: 503, body: body('unready') };
    if ((redis && !redis.ok) || someOut) return { httpStatus: 200, body: body('degraded') };
    return { httpStatus: 200, body: body('ready') };
  }

  /** The upstream is up while any target is; its error is the first out target's cause. */
  private async targetsCheck(
    checker: NonNullable<HealthOptions['targets']>,
  ): Promise<{ upstream: CheckResult; targets: TargetReport[] }> {
    const started = this.now();
    let targets: TargetReport[];
    try {
      targets = await withTimeout(checker.check(), this.timeoutMs);
    } catch {
      // A round that cannot answer within readiness's own bound is an upstream that hangs: unready, not a hung probe.
      return {
        upstream: {
          ok: false,
          latencyMs: this.now() - started,
          checkedAt: new Date(started).toISOString(),
          error: 'UPSTREAM_UNAVAILABLE',
        },
        targets: checker.reports(),
      };
    }
    const out = targets.filter((target) => target.status !== 'OK' && target.status !== 'UNCHECKED');
    const upstream: CheckResult = {
      ok: out.length < targets.length,
      latencyMs: this.now() - started,
      checkedAt: new Date(started).toISOString(),
      ...(out[0] ? { error: out[0].status } : {}),
    };
    return { upstream, targets };
  }

  private upstream(): Promise<CheckResult> {
    const cached = this.upstreamCached;
    if (cached && this.now() - cached.atMs < this.upstreamCacheMs) return Promise.resolve(cached.result);
    this.upstreamInFlight ??= this.run(
      (signal) => this.options.probe(signal),
      (err) => String(toGraphQLError(err).extensions.code ?? 'INTERNAL'),
    )
      .then((result) => {
        this.upstreamCached = { result, atMs: this.now() };
        return result;
      })
      .finally(() => {
        this.upstreamInFlight = undefined;
      });
    return this.upstreamInFlight;
  }

  private redis(redis: Redis): Promise<CheckResult> {
    return this.run(
      async () => {
        // Not connected: fail now rather than wait for a reconnect that may never come within the probe.
        if (redis.status !== 'ready') throw new Error(`connection ${redis.status}`);
        await redis.ping();
      },
      // ioredis messages name the state or the host, never the URL's credentials.
      (err) => (err instanceof Error ? err.message : String(err)).slice(0, 200),
    );
  }

  private async run(
    check: (signal: AbortSignal) => Promise<void>,
    describe: (err: unknown) => string,
  ): Promise<CheckResult> {
    const started = this.now();
    const abort = new AbortController();
    const checkedAt = new Date(started).toISOString();
    try {
      await withTimeout(check(abort.signal), this.timeoutMs);
      return { ok: true, latencyMs: this.now() - started, checkedAt };
    } catch (err) {
      abort.abort();
      const error = err instanceof Error && err.message === CHECK_TIMED_OUT ? 'TIMEOUT' : describe(err);
      return { ok: false, latencyMs: this.now() - started, error, checkedAt };
    }
  }
}
