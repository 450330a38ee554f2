import { GraphQLError } from 'graphql';
import { ErrorCode } from '../schema/errors/error-codes';
import { codeForUpstreamError } from '../schema/errors/graphql-errors';
import { type Target } from '../aws/target';
import { type CodePipelineLoaders } from '../loaders/codepipeline-loaders';
import { type LoaderSource } from '../loaders/loader-source';
import { RequestTrace } from '../loaders/trace';
import { type PipelineEventData } from '../schema/subscriptions/pipeline-event';
import { type EventBus, type Lease, type SnapshotStore, type WatchRegistry } from './contracts';
import { DeletedPipelines, isPipelineGone } from './deleted-pipelines';
import { diffSnapshots } from './diff';
import { type Observation, observePipeline } from './observe';
import { PollSchedule } from './schedule';
import { inSpan } from '../upstream/spans';
import { decodeSnapshot, encodeSnapshot, hasActiveExecution, type PipelineSnapshot } from './snapshot';

/** The tracer of these spans (a no-op until the server starts OpenTelemetry). */
const TRACER = 'codepipeline-gateway/subscriptions';

/** Options of {@link Poller}; the composition root maps environment variables onto them. */
export interface PollerOptions {
  target: Target;
  /**
   * Where polls read: the queries' loader specs, read live at the poller's
   * priority in the target's call budget, which they share with every
   * replica's queries and writes. What a poll reads lands in the query cache.
   */
  reads: LoaderSource;
  bus: EventBus;
  watches: WatchRegistry;
  snapshots: SnapshotStore;
  /** Only the holder polls: one poller per fleet, however many replicas. */
  lease: Lease;
  /** Interval of a pipeline with an execution in progress. Default 2000. */
  fastIntervalMs?: number;
  /** Interval of an idle pipeline. Default 30000. */
  idleIntervalMs?: number;
  /** A stored snapshot older than this is ignored: the next poll is a new baseline. Default 600000. */
  baselineAfterMs?: number;
  /**
   * Pipelines polled at once. Polls wait on upstream latency, not CPU, so a few in flight keep
   * intervals on time with many watched pipelines; the budget still paces every call. Default 1.
   */
  concurrency?: number;
  /** While pushed events are relied on, the reconciliation interval (see push/reconciler.ts). */
  reconcileIntervalMs?: () => number | undefined;
  /** How often the lease and the watched set are checked while nothing is due. Default 1000. */
  checkIntervalMs?: number;
  /** The clock; tests inject a fake one. */
  now?: () => number;
  /** Told of failed polls and loop errors (never of throttles, which are handled). */
  onError?: (err: unknown, pipelineName?: string) => void;
  /** Told once when a watched pipeline is found deleted: it gets its last event and is no longer polled. */
  onPipelineDeleted?: (pipelineName: string) => void;
  /** Told of each poll's reads once stored: the execution ledger's feed (ledger-feed.ts). */
  onObserved?: (pipelineName: string, observation: Observation) => Promise<void>;
}

/** Counters for tests and metrics. */
export interface PollerStats {
  polls: number;
  calls: number;
  throttles: number;
  errors: number;
  events: number;
}

/** The gateway code of a failed read: loaders answer GraphQL errors, anything else is classified. */
function failureCode(err: unknown): string {
  if (err instanceof GraphQLError) return String(err.extensions.code);
  return codeForUpstreamError(err as Error);
}

/**
 * The change detector. While this replica holds the lease, it polls every
 * watched pipeline (the WatchRegistry's set, re-read before each poll), fast
 * while an execution runs and slowly when idle, within the target's call
 * budget at the lowest priority (so under user load it slows down); diffs
 * each new snapshot with the stored one; publishes the changes on the bus;
 * and stores the snapshot. Its reads warm the query cache, since they are
 * the queries' own loaders. Upstream work grows with the watched pipelines only.
 */
export class Poller {
  readonly stats: PollerStats = { polls: 0, calls: 0, throttles: 0, errors: 0, events: 0 };
  private readonly schedule: PollSchedule;
  private readonly now: () => number;
  private abort = new AbortController();
  private stopped = true;
  private loop?: Promise<void>;
  private round?: Promise<void>;
  private wake?: () => void;
  private leaseCheckedAtMs = -Infinity;
  private allNames?: { names: string[]; atMs: number };
  private readonly deleted: DeletedPipelines;

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
    this.deleted = new DeletedPipelines({
      target: options.target,
      bus: options.bus,
      onDeleted: options.onPipelineDeleted,
    });
    this.schedule = new PollSchedule({
      fastIntervalMs: options.fastIntervalMs ?? 2000,
      idleIntervalMs: options.idleIntervalMs ?? 30000,
      reconcileIntervalMs: options.reconcileIntervalMs,
    });
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
    // A pipeline found deleted is looked at again: it may have been created anew.
    this.deleted.recheck(pipelineName);
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
  pollPipeline(pipelineName: string): Promise<PipelineEventData[]> {
    // One span per poll (a no-op unless tracing is on): its reads and its publish are its children.
    return inSpan(TRACER, 'poll', { 'codepipeline.pipeline': pipelineName }, () =>
      this.pollNow(pipelineName),
    );
  }

  private async pollNow(pipelineName: string): Promise<PipelineEventData[]> {
    const { target, snapshots } = this.options;
    if (!(await this.holdLease())) return [];
    const previous = this.usable(decodeSnapshot(await snapshots.get(target, pipelineName), pipelineName));
    let observation: Observation;
    this.stats.polls++;
    const trace = new RequestTrace();
    try {
      observation = await observePipeline(this.loaders(trace), pipelineName, previous, this.now);
    } catch (err) {
      if (this.abort.signal.aborted) return [];
      if (isPipelineGone(err)) return this.forgetDeleted(pipelineName);
      if (failureCode(err) === ErrorCode.THROTTLED) {
        this.stats.throttles++;
        this.schedule.throttled(pipelineName, this.now());
        return [];
      }
      this.stats.errors++;
      this.options.onError?.(err, pipelineName);
      this.schedule.failed(pipelineName, this.now());
      return [];
    } finally {
      this.stats.calls += trace.upstreamCalls;
    }
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
    const published =
      events.length > 0
        ? await inSpan(
            TRACER,
            'events publish',
            { 'codepipeline.pipeline': pipelineName, 'events.count': events.length },
            () => this.options.bus.publish(target, pipelineName, events),
          )
        : [];
    this.stats.events += published.length;
    await snapshots.set(target, pipelineName, encodeSnapshot(observation.snapshot));
    await this.options.onObserved?.(pipelineName, observation).catch((err: unknown) => {
      this.options.onError?.(err, pipelineName);
    });
    this.deleted.alive(pipelineName);
    this.schedule.polled(pipelineName, this.now(), hasActiveExecution(observation.snapshot));
    return published;
  }

  /** A watched pipeline no longer exists: it gets its last event, leaves the schedule, and is told once. */
  private async forgetDeleted(pipelineName: string): Promise<PipelineEventData[]> {
    if (!this.options.lease.held) return [];
    const published = await this.deleted.found(pipelineName, this.now());
    this.stats.events += published.length;
    this.schedule.sync(
      this.schedule.names.filter((name) => name !== pipelineName),
      this.now(),
    );
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
        // Due at the round's start; pipelines with a running execution also as they fall due (schedule.ts).
        const name = this.schedule.nextDue(roundStartMs, inFlight, this.now());
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
    this.schedule.sync(this.deleted.withoutDeleted(wanted), this.now());
  }

  /** Every pipeline of the target, for `*` watchers; re-listed once per idle interval. */
  private async everyPipeline(): Promise<string[]> {
    const now = this.now();
    if (this.allNames && now - this.allNames.atMs < (this.options.idleIntervalMs ?? 30000)) {
      return this.allNames.names;
    }
    const names: string[] = [];
    let token: string | undefined;
    const trace = new RequestTrace();
    const loaders = this.loaders(trace);
    try {
      do {
        const page = await loaders.pipelinesPage.load({ size: 1000, token });
        names.push(...page.items.map((p) => p.name ?? '').filter((n) => n !== ''));
        token = page.nextToken;
      } while (token);
    } catch (err) {
      if (this.abort.signal.aborted) return this.allNames?.names ?? [];
      if (failureCode(err) === ErrorCode.THROTTLED) this.stats.throttles++;
      else this.options.onError?.(err);
      return this.allNames?.names ?? [];
    } finally {
      this.stats.calls += trace.upstreamCalls;
    }
    this.allNames = { names, atMs: now };
    return names;
  }

  /** A stored snapshot, unless it is too old to diff against (see `baselineAfterMs`). */
  private usable(snapshot: PipelineSnapshot | undefined): PipelineSnapshot | undefined {
    if (!snapshot) return undefined;
    return this.now() - snapshot.takenAtMs > (this.options.baselineAfterMs ?? 600_000) ? undefined : snapshot;
  }

  /** A poll's loaders: live reads at the poller's priority, abandoned when the poller stops. */
  private loaders(trace: RequestTrace): CodePipelineLoaders {
    return this.options.reads.fresh(this.options.target, trace, 'poller', this.abort.signal);
  }
}
