import { type Env, intVar } from './env';

/** How live updates are detected and delivered. */
export interface LiveConfig {
  /** Poll interval of a pipeline with an execution in progress. */
  fastIntervalMs: number;
  /** Poll interval of an idle pipeline. */
  idleIntervalMs: number;
  /** Upstream calls per second the poller may make, all pipelines together. */
  pollCallsPerSecond: number;
  /** The poller's lease: another replica takes over within this time when the holder dies. */
  leaseTtlMs: number;
  /** Events kept per pipeline for `after` replay. */
  eventLogLength: number;
  /** How often a replica refreshes the pipelines its subscribers watch, and how long a refresh lasts. */
  watchHeartbeatMs: number;
  watchTtlMs: number;
  /** Events a subscriber may have unread before it is closed as too slow. */
  subscriberBuffer: number;
  /** graphql-ws housekeeping. */
  connectionInitTimeoutMs: number;
  keepAliveMs: number;
  maxSubscriptionsPerConnection: number;
  maxMessageBytes: number;
}

/** Reads the live settings; see the README for each variable. */
export function parseLiveConfig(env: Env): LiveConfig {
  const watchHeartbeatMs = intVar(env, 'WATCH_HEARTBEAT_MS', 5_000, 100, 600_000);
  return {
    fastIntervalMs: intVar(env, 'POLL_FAST_INTERVAL_MS', 2_000, 100, 600_000),
    idleIntervalMs: intVar(env, 'POLL_IDLE_INTERVAL_MS', 30_000, 100, 3_600_000),
    pollCallsPerSecond: intVar(env, 'POLL_CALLS_PER_SECOND', 5, 1, 1_000),
    leaseTtlMs: intVar(env, 'LEASE_TTL_MS', 10_000, 300, 600_000),
    eventLogLength: intVar(env, 'EVENT_LOG_LENGTH', 1_000, 10, 1_000_000),
    watchHeartbeatMs,
    watchTtlMs: intVar(env, 'WATCH_TTL_MS', watchHeartbeatMs * 3, watchHeartbeatMs + 1, 3_600_000),
    subscriberBuffer: intVar(env, 'SUBSCRIBER_BUFFER', 1_000, 10, 1_000_000),
    connectionInitTimeoutMs: intVar(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 10_000, 100, 600_000),
    keepAliveMs: intVar(env, 'WS_KEEPALIVE_MS', 12_000, 100, 600_000),
    maxSubscriptionsPerConnection: intVar(env, 'WS_MAX_SUBSCRIPTIONS', 20, 1, 10_000),
    maxMessageBytes: intVar(env, 'WS_MAX_MESSAGE_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
  };
}
