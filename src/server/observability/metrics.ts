import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../../schema/errors/error-codes';
import { type CacheReadOutcome, type LoaderObserver } from '../../loaders/runtime';
import { type LiveEvents } from '../../schema/subscriptions/pipeline-event';
import { type Lease } from '../../subscriptions/contracts';
import { type BudgetObserver } from '../../upstream/observer';
import { type Poller, type PollerStats } from '../../subscriptions/poller';
import { countingLiveEvents } from './counting-live-events';

/** The kind of a GraphQL operation, as a metric label. */
export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** Distinct operation names kept as label values; past this, new names count as `other`. */
const MAX_OPERATION_NAMES = 200;

/** Request latency buckets (seconds): a cached read is milliseconds, a cold fan-out over AWS is seconds. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What `/metrics` reads from the live side at scrape time. */
export interface LiveSources {
  poller: Poller;
  lease: Lease;
  /** Open WebSocket connections. */
  connections(): number;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (not
 * prom-client's global one), so several gateways in one process (tests,
 * benchmarks) never mix their numbers. Values the live side already counts
 * (poller stats, lease, lag, sockets) are read at scrape time rather than
 * pushed, so the poller's hot path knows nothing of metrics.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private live?: LiveSources;
  private readonly seenPollerStats: PollerStats = { polls: 0, calls: 0, throttles: 0, errors: 0, events: 0 };

  private readonly requestDuration = new Histogram({
    name: 'cpgw_graphql_request_duration_seconds',
    help: 'GraphQL requests over HTTP, by operation name and type, from the first byte in to the last byte out.',
    labelNames: ['operation', 'type'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlErrors = new Counter({
    name: 'cpgw_graphql_errors_total',
    help: 'Errors returned to GraphQL clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly httpRequests = new Counter({
    name: 'cpgw_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly upstreamCalls = new Counter({
    name: 'cpgw_upstream_calls_total',
    help: 'CodePipeline calls made for clients, by operation and outcome (success or the gateway error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly upstreamDuration = new Histogram({
    name: 'cpgw_upstream_call_duration_seconds',
    help: 'CodePipeline call latency, SDK retries included, by operation.',
    labelNames: ['operation'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  /**
   * Cache reads counted since the last scrape, by kind and outcome. A warm
   * dashboard makes hundreds of reads; a labelled `inc` on each cost more
   * than the read, so they are tallied here and handed to the counter when
   * it is collected.
   */
  private readonly cacheReadTally = new Map<string, Record<CacheReadOutcome, number>>();
  private readonly cacheReads: Counter<'kind' | 'outcome'> = new Counter({
    name: 'cpgw_cache_reads_total',
    help: 'Cached reads by kind of data and outcome: hit (fresh), miss (fetched upstream), stale (served after the upstream failed).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
    collect: () => this.flushCacheReads(),
  });
  private readonly throttles = new Counter({
    name: 'cpgw_throttles_total',
    help: 'CodePipeline throttles seen, by who saw them: client requests (upstream) or the change detector (poller).',
    labelNames: ['source'] as const,
    registers: [this.registry],
    collect: () => this.syncPollerStats(),
  });
  private readonly budgetTokens = new Counter({
    name: 'cpgw_upstream_budget_tokens_total',
    help: "Tokens spent from each target's call budget (one per CodePipeline call, plus the SDK's retries), by target and priority.",
    labelNames: ['target', 'priority'] as const,
    registers: [this.registry],
  });
  private readonly budgetWaits = new Histogram({
    name: 'cpgw_upstream_budget_wait_seconds',
    help: 'How long calls that had to wait for the call budget waited, by target and priority.',
    labelNames: ['target', 'priority'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly budgetThrottles = new Counter({
    name: 'cpgw_upstream_budget_throttles_total',
    help: 'CodePipeline throttles seen by calls made within the budget, by target and priority.',
    labelNames: ['target', 'priority'] as const,
    registers: [this.registry],
  });
  private readonly budgetExhausted = new Counter({
    name: 'cpgw_upstream_budget_exhausted_total',
    help: 'Calls that gave up waiting for the budget (served stale, or answered THROTTLED), by target and priority.',
    labelNames: ['target', 'priority'] as const,
    registers: [this.registry],
  });
  private readonly pollerCounters = new Map<keyof PollerStats, Counter>();
  private readonly activeSubscriptions = new Gauge({
    name: 'cpgw_active_subscriptions',
    help: 'GraphQL subscriptions open on this replica.',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'cpgw_' });
    this.throttles.inc({ source: 'upstream' }, 0);
    this.throttles.inc({ source: 'poller' }, 0);
    this.defineLiveGauges();
  }

  /** The loaders' observer: every client-driven upstream call and cache read lands here. */
  readonly loaderObserver: LoaderObserver = {
    upstreamCall: (operation: string, outcome: string, ms: number) => {
      this.upstreamCalls.inc({ operation, outcome });
      this.upstreamDuration.observe({ operation }, ms / 1000);
      if (outcome === ErrorCode.THROTTLED) this.throttles.inc({ source: 'upstream' });
    },
    cacheRead: (kind: string, outcome: CacheReadOutcome) => {
      let tally = this.cacheReadTally.get(kind);
      if (!tally) this.cacheReadTally.set(kind, (tally = { hit: 0, miss: 0, stale: 0 }));
      tally[outcome] += 1;
    },
  };

  private flushCacheReads(): void {
    for (const [kind, tally] of this.cacheReadTally) {
      for (const outcome of ['hit', 'miss', 'stale'] as const) {
        if (tally[outcome] > 0) this.cacheReads.inc({ kind, outcome }, tally[outcome]);
        tally[outcome] = 0;
      }
    }
  }

  /** The upstream budgets' observer: tokens spent, waits and throttles per target and priority. */
  readonly budgetObserver: BudgetObserver = {
    spent: (target, priority, tokens) => this.budgetTokens.inc({ target, priority }, tokens),
    waited: (target, priority, ms) => this.budgetWaits.observe({ target, priority }, ms / 1000),
    throttled: (target, priority) => this.budgetThrottles.inc({ target, priority }),
    exhausted: (target, priority) => this.budgetExhausted.inc({ target, priority }),
  };

  /** Records one GraphQL request over HTTP. */
  observeGraphQL(operationName: string, type: OperationType, seconds: number, errorCodes: string[]): void {
    this.requestDuration.observe({ operation: this.operationLabel(operationName), type }, seconds);
    for (const code of errorCodes) this.graphqlErrors.inc({ code });
  }

  /** Records one HTTP request; `route` is one of the gateway's fixed paths or `other`. */
  observeHttp(route: string, status: number): void {
    this.httpRequests.inc({ route, status: String(status) });
  }

  /** Wraps the live events so every open subscription is counted until its iterator ends. */
  countSubscriptions(events: LiveEvents): LiveEvents {
    return countingLiveEvents(events, {
      opened: () => this.activeSubscriptions.inc(),
      closed: () => this.activeSubscriptions.dec(),
    });
  }

  /** Tells the scrape where the poller, the lease and the sockets are. */
  watchLive(sources: LiveSources): void {
    this.live = sources;
  }

  /** The text exposition format, for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Client-chosen names are bounded: a client inventing names cannot grow the label set without end. */
  private operationLabel(name: string): string {
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** Brings the poller counters up to the poller's own stats; every collect calls it, whichever runs first. */
  private syncPollerStats(): void {
    const stats = this.live?.poller.stats;
    if (!stats) return;
    for (const [stat, counter] of this.pollerCounters) {
      const delta = stats[stat] - this.seenPollerStats[stat];
      if (delta <= 0) continue;
      this.seenPollerStats[stat] = stats[stat];
      counter.inc(delta);
      if (stat === 'throttles') this.throttles.inc({ source: 'poller' }, delta);
    }
  }

  private defineLiveGauges(): void {
    const leaseHeld: Gauge<'holder'> = new Gauge({
      name: 'cpgw_poller_lease_held',
      help: "1 when this replica holds the poller's lease (and so polls), else 0; labelled with this replica's holder id.",
      labelNames: ['holder'] as const,
      registers: [this.registry],
      collect: () => {
        if (this.live) leaseHeld.set({ holder: this.live.lease.holderId }, this.live.lease.held ? 1 : 0);
      },
    });
    const gauge = (name: string, help: string, read: (live: LiveSources) => number) => {
      const metric: Gauge = new Gauge({
        name,
        help,
        registers: [this.registry],
        collect: () => metric.set(this.live ? read(this.live) : 0),
      });
    };
    gauge(
      'cpgw_poller_lag_seconds',
      'How overdue the most overdue watched pipeline is (0 on replicas that do not hold the lease).',
      (live) => live.poller.lagMs / 1000,
    );
    gauge(
      'cpgw_poller_watched_pipelines',
      'Pipelines the poller has scheduled.',
      (live) => live.poller.scheduled.length,
    );
    gauge('cpgw_websocket_connections', 'Open graphql-ws connections on this replica.', (live) =>
      live.connections(),
    );
    const pollerCounter = (stat: keyof PollerStats, help: string) =>
      this.pollerCounters.set(
        stat,
        new Counter({
          name: `cpgw_poller_${stat}_total`,
          help,
          registers: [this.registry],
          collect: () => this.syncPollerStats(),
        }),
      );
    pollerCounter('polls', 'Pipeline polls made by the change detector.');
    pollerCounter('calls', 'CodePipeline calls made by the change detector.');
    pollerCounter('throttles', 'Polls the upstream throttled.');
    pollerCounter('errors', 'Polls that failed for another reason.');
    pollerCounter('events', 'Events the change detector published.');
  }
}
