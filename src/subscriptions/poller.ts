import { type CodePipelineClient, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { ErrorCode } from '../aws/error-codes';
import { codeForUpstreamError } from '../aws/errors';
import { type Target } from '../aws/target';
import { type Cache } from '../cache/cache';
import { primeQueryCache } from '../loaders/prime';
import { type CacheTtls } from '../loaders/ttl';
import { type PipelineEventData } from '../schema/subscriptions/pipeline-event';
import { BudgetAborted, CallBudget, realSleep } from './budget';
import { type EventBus, type Lease, type SnapshotStore, type WatchRegistry } from './contracts';
import { diffSnapshots } from './diff';
import { type BudgetedClient, EXECUTIONS_READ, type Observation, observePipeline } from './observe';
import { PollSchedule } from './schedule';
import { decodeSnapshot, encodeSnapshot, hasActiveExecution, type PipelineSnapshot } from './snapshot';

/** Options of {@link Poller}; the composition root maps environment variables onto them. */
export interface PollerOptions {
  target: Target;
  client: CodePipelineClient;
  bus: EventBus;
  watches: WatchRegistry;
  snapshots: SnapshotStore;
  /** Only the holder polls: one poller per fleet, however many replicas. */
  lease: Lease;
  /** The query cache to warm with what polls read (with the loaders' TTLs); optional. */
  cache?: Cache;
  ttls?: CacheTtls;
  /** Interval of a pipeline with an execution in progress. Default 2000. */
  fastIntervalMs?: number;
  /** Interval of an idle pipeline. Default 30000. */
  idleIntervalMs?: number;
  /** Upstream calls per second, all pipelines together; never exceeded. Default 5. */
  callsPerSecond?: number;
  /** A stored snapshot older than this is ignored: the next poll is a new baseline. Default 600000. */
  baselineAfterMs?: number;
  /**
   * Pipelines polled at once. Polls wait on upstream latency, not CPU, so a few in flight keep
   * intervals on time with many watched pipelines; the budget still paces every call. Default 1.
   */
  concurrency?: number;
  /** How often the lease and the watched set are checked while nothing is due. Default 1000. */
  checkIntervalMs?: number;
  /** The clock; tests inject a fake one together with `sleep`. */
  now?: () => number;
  /** Waits for the budget; tests inject one that moves their fake clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of failed polls and loop errors (never of throttles, which are handled). */
  onError?: (err: unknown, pipelineName?: string) => void;
}

/** Counters for tests and metrics. */
export interface PollerStats {
  polls: number;
  calls: number;
  throttles: number;
  errors: number;
  events: number;
}

/**
 * The change detector. While this replica holds the lease, it polls every
 * watched pipeline (the WatchRegistry's set, re-read before each poll), fast
 * while an execution runs and slowly when idle, within one global call
 * budget; diffs each new snapshot with the stored one; publishes the
 * changes on the bus; stores the snapshot; and warms the query cache with
 * what it read. Upstream work grows with the watched pipelines only.
 */
export class Poller {
  readonly stats: PollerStats = { polls: 0, calls: 0, throttles: 0, errors: 0, events: 0 };
  readonly budget: CallBudget;
  private readonly schedule: PollSchedule;
  private readonly now: () => number;
  private readonly upstream: BudgetedClient;
  private abort = new AbortController();
  private stopped = true;
  private loop?: Promise<void>;
  private round?: Promise<void>;
  private wake?: () => void;
  private leaseCheckedAtMs = -Infinity;
  private allNames?: { names: string[]; atMs: number };

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
    this.budget = new CallBudget({
      callsPerSecond: options.callsPerSecond ?? 5,
      now: this.now,
      sleep: options.sleep ?? realSleep,
    });
    this.schedule = new PollSchedule({
      fastIntervalMs: options.fastIntervalMs ?? 2000,
      idleIntervalMs: options.idleIntervalMs ?? 30000,
    });
    this.upstream = {
      client: options.client,
      acquire: async () => {
        await this.budget.acquire(this.abort.signal);
        this.stats.calls++;
      },
    };
  }

  /** The pipelines currently scheduled (watched, as of the last check). */
  get scheduled(): string[] {
    return this.schedule.names;
  }

  /** How overdue the most overdue watched pipeline is, in ms; 0 when none is or this replica is not polling. */
  get lagMs(): number {
    if (this.stopped || !this.options.lease.held) return 0;
    return Math.max(0, this.now() - this.schedule.earliestDueAt());
  }

  /** Starts the background loop. Its timers are unref'd: it never keeps the process alive. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /** Stops the loop, abandons budget waits, and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await this.round;
    this.loop = undefined;
    await this.options.lease.release();
  }

  /**
   * Makes a pipeline due now (a mutation changed it, or a subscriber just arrived), so subscribers hear
   * within one fast interval. Wakes the loop even for a pipeline not yet scheduled: it re-reads the watched set.
   */
  nudge(pipelineName: string): void {
    this.schedule.nudge(pipelineName, this.now());
    this.wake?.();
  }

  /** One round: re-reads the lease and the watched set, then polls each pipeline due now once, most overdue first. */
  tick(): Promise<void> {
    this.round ??= this.playRound().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** Polls one pipeline now, whatever its schedule (within the budget); returns what it published. */
  async pollPipeline(pipelineName: string): Promise<PipelineEventData[]> {
    const { target, snapshots } = this.options;
    if (!(await this.holdLease())) return [];
    const previous = this.usable(decodeSnapshot(await snapshots.get(target, pipelineName), pipelineName));
    let observation: Observation;
    this.stats.polls++;
    try {
      observation = await observePipeline(this.upstream, pipelineName, previous, this.now);
    } catch (err) {
      if (err instanceof BudgetAborted) return [];
      if (codeForUpstreamError(err as Error) === ErrorCode.THROTTLED) {
        this.stats.throttles++;
        this.budget.onThrottle();
        this.schedule.throttled(pipelineName, this.now());
        return [];
      }
      this.stats.errors++;
      this.options.onError?.(err, pipelineName);
      this.schedule.failed(pipelineName, this.now());
      return [];
    }
    await this.prime(pipelineName, observation);
    // A poll that outlived the lease leaves publishing to the new holder, which polls afresh.
    if (!this.options.lease.held) return [];
    const nowMs = this.now();
    const events = diffSnapshots(previous, observation.snapshot, {
      accountId: target.accountId,
      region: target.region,
      detectedAt: new Date(nowMs).toISOString(),
      nowMs,
    });
    // Publish before storing: a crash in between repeats events rather than losing them.
    const published = events.length > 0 ? await this.options.bus.publish(target, pipelineName, events) : [];
    this.stats.events += published.length;
    await snapshots.set(target, pipelineName, encodeSnapshot(observation.snapshot));
    this.schedule.polled(pipelineName, this.now(), hasActiveExecution(observation.snapshot));
    return published;
  }

  private async playRound(): Promise<void> {
    // Only what is due when the round starts: a saturated budget then still ends rounds, each pipeline once.
    const roundStartMs = this.now();
    const inFlight = new Set<string>();
    const worker = async (): Promise<void> => {
      while (!this.abort.signal.aborted) {
        if (!(await this.holdLease())) return;
        await this.refreshWatched();
        const name = this.schedule.nextDue(roundStartMs, inFlight);
        if (!name) return;
        inFlight.add(name);
        try {
          await this.pollPipeline(name);
        } finally {
          inFlight.delete(name);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 1) }, worker));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.tick();
      } catch (err) {
        this.options.onError?.(err);
      }
      if (this.stopped) break;
      const check = this.options.checkIntervalMs ?? 1000;
      const untilDue = this.schedule.earliestDueAt() - this.now();
      await this.pause(Math.max(5, Math.min(check, untilDue)));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.wake = undefined;
    });
  }

  private async holdLease(): Promise<boolean> {
    const { lease } = this.options;
    const now = this.now();
    if (lease.held && now - this.leaseCheckedAtMs < (this.options.checkIntervalMs ?? 1000)) return true;
    this.leaseCheckedAtMs = now;
    return lease.tryAcquire();
  }

  private async refreshWatched(): Promise<void> {
    const { target, watches } = this.options;
    const { all, names } = await watches.watched(target);
    const wanted = new Set(names);
    if (all) (await this.everyPipeline()).forEach((n) => wanted.add(n));
    else this.allNames = undefined;
    this.schedule.sync(wanted, this.now());
  }

  /** Every pipeline of the target, for `*` watchers; re-listed once per idle interval. */
  private async everyPipeline(): Promise<string[]> {
    const now = this.now();
    if (this.allNames && now - this.allNames.atMs < (this.options.idleIntervalMs ?? 30000)) {
      return this.allNames.names;
    }
    const names: string[] = [];
    let nextToken: string | undefined;
    try {
      do {
        await this.upstream.acquire();
        const out = await this.options.client.send(new ListPipelinesCommand({ maxResults: 1000, nextToken }));
        names.push(...(out.pipelines ?? []).map((p) => p.name ?? '').filter((n) => n !== ''));
        nextToken = out.nextToken;
      } while (nextToken);
    } catch (err) {
      if (err instanceof BudgetAborted) return this.allNames?.names ?? [];
      if (codeForUpstreamError(err as Error) === ErrorCode.THROTTLED) this.budget.onThrottle();
      else this.options.onError?.(err);
      return this.allNames?.names ?? [];
    }
    this.allNames = { names, atMs: now };
    return names;
  }

  /** A stored snapshot, unless it is too old to diff against (see `baselineAfterMs`). */
  private usable(snapshot: PipelineSnapshot | undefined): PipelineSnapshot | undefined {
    if (!snapshot) return undefined;
    return this.now() - snapshot.takenAtMs > (this.options.baselineAfterMs ?? 600_000) ? undefined : snapshot;
  }

  private async prime(pipelineName: string, observation: Observation): Promise<void> {
    const { cache, ttls, target } = this.options;
    if (!cache || !ttls) return;
    try {
      await primeQueryCache(cache, target, ttls, {
        state: observation.state,
        executionsPage: {
          pipelineName,
          summaries: observation.summaries.slice(0, EXECUTIONS_READ),
          nextToken: observation.nextToken,
        },
      });
    } catch (err) {
      this.options.onError?.(err, pipelineName);
    }
  }
}
