import { type CacheTtls, DEFAULT_TTLS } from '../loaders/ttl';
import { type AuthConfig, parseAuthConfig } from './auth/auth-config';
import { type DocumentsConfig, parseDocumentsConfig } from './documents/documents-config';
import { ConfigError, type Env, intVar, numberVar, oneOf } from './env';
import { type LiveConfig, parseLiveConfig } from './live-config';
import { parseInsightsConfig } from './insights-config';
import { type InsightsSettings } from '../schema/insights/insights-context';
import { LOG_LEVELS, type LogLevel } from './observability/logger';
import { type AuditDestination, parseAuditDestination } from './observability/audit';
import { LOG_FORMATS, type LogFormat } from './observability/pretty-log';
import { parseTracingConfig, type TracingConfig } from './observability/tracing';
import { type LimitsConfig, parseLimitsConfig } from './limits/limits-config';
import { EXECUTOR_KINDS, type ExecutorKind } from './executor/executor-kind';
import { type EventsConfig, parseEventsConfig } from './events/events-config';
import {
  parseDefaultTarget,
  parseTargetsSetting,
  requireExplicitMode,
  type TargetsSetting,
} from './targets-config';
import { type SlackSettings } from '../integrations/slack/slack-integration';
import { parseSlackConfig } from './slack-config';

import { parseWebConfig, type WebConfig } from './web/web-config';

export { ConfigError } from './env';

/**
 * The gateway's configuration, parsed once from the environment at start-up.
 * A bad value fails fast with a message naming the variable, so a typo in a
 * deployment never turns into odd behaviour at run time.
 */

/** Where the graph's data comes from. */
export type UpstreamMode =
  /** The built-in emulator, started in-process on a loopback port (the default). */
  | { kind: 'emulator'; seed: 'demo' | 'none'; clockSpeed: number }
  /** Any endpoint that speaks the CodePipeline API, e.g. a standalone emulator. */
  | { kind: 'endpoint'; endpoint: string }
  /** Real AWS, through the default credential chain. */
  | { kind: 'aws' };

/** The typed configuration. */
export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  /**
   * `EXPOSE_ERRORS=true`, for local debugging only: unexpected errors keep
   * their message and stack. Off, they answer `INTERNAL` with the request id
   * and nothing else, whatever `NODE_ENV` is.
   */
  exposeErrors: boolean;
  upstream: UpstreamMode;
  /** The accounts and regions of `TARGETS_FILE`; absent, one target from the region and account below. */
  targets?: TargetsSetting;
  /** `AWS_REGION`; absent, the SDK's chain (the profile's region) decides at start-up. */
  region?: string;
  /** `AWS_ACCOUNT_ID`; absent, STS `GetCallerIdentity` finds it at start-up. */
  accountId?: string;
  /** SDK attempts per call under the `standard` retry mode. */
  awsMaxAttempts: number;
  /** Redis for the shared cache; absent means an in-process memory cache. */
  redisUrl?: string;
  /** Prefix of every Redis key this gateway writes. */
  redisKeyPrefix: string;
  /** Upstream calls in flight at once, per CodePipeline operation. */
  upstreamConcurrency: number;
  /** Bound on each upstream attempt. */
  upstreamTimeoutMs: number;
  /**
   * `UPSTREAM_CALLS_PER_SECOND`: the most calls the whole fleet makes to one
   * target each second, shared through Redis; 0 turns the budget off.
   */
  upstreamCallsPerSecond: number;
  /** Freshness per kind of data. */
  ttls: CacheTtls;
  /** How long a value outlives its freshness, to be served when the upstream fails. */
  staleRetentionMs: number;
  /** Entries of the memory cache. */
  memoryCacheEntries: number;
  /** Entries of the in-process near cache in front of Redis; 0 reads Redis every time. */
  nearCacheEntries: number;
  /** The largest `first` a client may ask for. */
  maxPageSize: number;
  /** Whole answers kept for reuse while their data is fresh; 0 turns the response cache off. */
  responseCacheEntries: number;
  /** How operations execute: compiled by graphql-jit (`jit`, the default) or by graphql-js (`EXECUTOR`). */
  executor: ExecutorKind;
  /** Subscriptions: polling, fan-out and WebSocket housekeeping. */
  live: LiveConfig;
  /** `revision` and `deliveryMetrics` (insights-config.ts). */
  insights: InsightsSettings;
  /** Who may call: API keys (as digests), JWT verification, or open (auth/auth-config.ts). */
  auth: AuthConfig;
  /** Level of the JSON logs on stdout. */
  logLevel: LogLevel;
  /** `json` lines (the default) or `pretty` for a person at a terminal (`LOG_FORMAT`). */
  logFormat: LogFormat;
  /** Where audit lines go: `AUDIT_LOG` stdout, file:<path> or off (observability/audit.ts). */
  audit: AuditDestination;
  /** OpenTelemetry traces: on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (observability/tracing.ts). */
  tracing: TracingConfig;
  /** Bound on a graceful shutdown's drain; past it the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Query depth and cost, rate, body size, introspection and landing page (limits/limits-config.ts). */
  limits: LimitsConfig;
  /** Trusted documents: `TRUSTED_DOCUMENTS_FILE`, `TRUSTED_DOCUMENTS_ONLY` (documents/documents-config.ts). */
  documents: DocumentsConfig;
  /** CORS (`CORS_ORIGINS`, `CORS_CREDENTIALS`) and GraphiQL (`GRAPHIQL`) (web/web-config.ts). */
  web: WebConfig;
  /** `POST /events` (`EVENTS_API_KEY`) and reconciliation polling (`POLL_RECONCILE_SECONDS`) (events/events-config.ts). */
  events: EventsConfig;
  /** Slack notifications and approvals (SLACK_*); absent when not configured (slack-config.ts). */
  slack?: SlackSettings;
}

/** Reads the TTL of each kind of data, in seconds, from `CACHE_TTL_<KIND>_SECONDS`. */
function parseTtls(env: Env): CacheTtls {
  const seconds = (name: string, fallbackMs: number): number =>
    intVar(env, `CACHE_TTL_${name}_SECONDS`, Math.round(fallbackMs / 1000), 0, 7 * 24 * 3600) * 1000;
  return {
    declarationMs: seconds('DECLARATION', DEFAULT_TTLS.declarationMs),
    latestDeclarationMs: seconds('LATEST_DECLARATION', DEFAULT_TTLS.latestDeclarationMs),
    listMs: seconds('LIST', DEFAULT_TTLS.listMs),
    stateMs: seconds('STATE', DEFAULT_TTLS.stateMs),
    executionsMs: seconds('EXECUTIONS', DEFAULT_TTLS.executionsMs),
    finishedExecutionMs: seconds('FINISHED_EXECUTION', DEFAULT_TTLS.finishedExecutionMs),
    tagsMs: seconds('TAGS', DEFAULT_TTLS.tagsMs),
    typesMs: seconds('TYPES', DEFAULT_TTLS.typesMs),
  };
}

function redisUrlVar(env: Env): string | undefined {
  const raw = env.REDIS_URL;
  // The message reaches logs: a password in the URL must not.
  const shown = raw?.replace(/\/\/[^@/]*@/, '//***@');
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL, got "${shown}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL, got "${shown}"`);
  }
  return raw;
}

function parseUpstream(env: Env): UpstreamMode {
  requireExplicitMode(env);
  const mode = oneOf(env, 'CODEPIPELINE_MODE', ['emulator', 'aws', 'endpoint'] as const, 'emulator');
  const endpoint = env.CODEPIPELINE_ENDPOINT;
  if (mode === 'aws') return { kind: 'aws' };
  if (endpoint !== undefined && endpoint !== '') {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigError('CODEPIPELINE_ENDPOINT', `must be an http(s) URL, got "${endpoint}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError('CODEPIPELINE_ENDPOINT', `must be an http(s) URL, got "${endpoint}"`);
    }
    return { kind: 'endpoint', endpoint: endpoint.replace(/\/+$/, '') };
  }
  if (mode === 'endpoint')
    throw new ConfigError('CODEPIPELINE_ENDPOINT', 'must be set when CODEPIPELINE_MODE=endpoint');
  return {
    kind: 'emulator',
    seed: oneOf(env, 'EMULATOR_SEED', ['demo', 'none'] as const, 'demo'),
    clockSpeed: numberVar(env, 'EMULATOR_CLOCK_SPEED', 1, 0),
  };
}

/** Parses the environment; throws {@link ConfigError} on the first bad variable. */
export function parseConfig(env: Env = process.env): GatewayConfig {
  const upstream = parseUpstream(env);
  const { region, accountId } = parseDefaultTarget(env);
  return {
    port: intVar(env, 'PORT', 4000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    production: env.NODE_ENV === 'production',
    exposeErrors: oneOf(env, 'EXPOSE_ERRORS', ['true', 'false'] as const, 'false') === 'true',
    upstream,
    targets: parseTargetsSetting(env),
    region,
    accountId,
    awsMaxAttempts: intVar(env, 'AWS_MAX_ATTEMPTS', 3, 1, 10),
    redisUrl: redisUrlVar(env),
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'cpgw:',
    upstreamConcurrency: intVar(env, 'UPSTREAM_CONCURRENCY', 64, 1, 1000),
    upstreamTimeoutMs: intVar(env, 'UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000),
    upstreamCallsPerSecond: intVar(env, 'UPSTREAM_CALLS_PER_SECOND', 10, 0, 100_000),
    ttls: parseTtls(env),
    staleRetentionMs: intVar(env, 'CACHE_STALE_SECONDS', 600, 0, 7 * 24 * 3600) * 1000,
    memoryCacheEntries: intVar(env, 'MEMORY_CACHE_ENTRIES', 50_000, 100, 10_000_000),
    nearCacheEntries: intVar(env, 'NEAR_CACHE_ENTRIES', 20_000, 0, 10_000_000),
    responseCacheEntries: intVar(env, 'RESPONSE_CACHE_ENTRIES', 1_000, 0, 1_000_000),
    executor: oneOf(env, 'EXECUTOR', EXECUTOR_KINDS, 'jit'),
    live: parseLiveConfig(env),
    insights: parseInsightsConfig(env),
    auth: parseAuthConfig(env, env.NODE_ENV === 'production'),
    limits: parseLimitsConfig(env, env.NODE_ENV === 'production'),
    documents: parseDocumentsConfig(env),
    web: parseWebConfig(env, env.NODE_ENV === 'production'),
    events: parseEventsConfig(env),
    maxPageSize: intVar(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', LOG_FORMATS, 'json'),
    audit: parseAuditDestination(env),
    tracing: parseTracingConfig(env),
    shutdownTimeoutMs: intVar(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 1_000, 600_000),
    slack: parseSlackConfig(env),
  };
}
