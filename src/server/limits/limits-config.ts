import { type Env, intVar, oneOf } from '../env';

/** A token bucket per principal: a steady rate and the burst a quiet client may spend at once. */
export interface RateLimitConfig {
  /** Tokens (requests) added per second. */
  perSecond: number;
  /** Bucket size: the most requests a principal may make at once after a quiet spell. */
  burst: number;
}

/**
 * What keeps one client from hurting the others. Defaults follow
 * `NODE_ENV`: a production gateway hides introspection and the landing
 * page and rate-limits; a local one shows them and does not.
 */
export interface LimitsConfig {
  /** The most estimated upstream calls one operation may cause (see limits/cost.ts). */
  maxQueryCost: number;
  /** The deepest field nesting an operation may have, introspection aside. */
  maxQueryDepth: number;
  /** Request bodies larger than this are refused with 413 before parsing. */
  maxBodyBytes: number;
  /** Absent when rate limiting is off (`RATE_LIMIT_PER_SECOND=0`). */
  rateLimit?: RateLimitConfig;
  introspection: boolean;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
}

function parseRateLimit(env: Env, production: boolean): RateLimitConfig | undefined {
  const perSecond = intVar(env, 'RATE_LIMIT_PER_SECOND', production ? 50 : 0, 0, 1_000_000);
  if (perSecond === 0) return undefined;
  return { perSecond, burst: intVar(env, 'RATE_LIMIT_BURST', perSecond * 2, 1, 10_000_000) };
}

/** Reads the limits; see the README's settings table for each variable. */
export function parseLimitsConfig(env: Env, production: boolean): LimitsConfig {
  return {
    maxQueryCost: intVar(env, 'MAX_QUERY_COST', 5_000, 1, 10_000_000),
    maxQueryDepth: intVar(env, 'MAX_QUERY_DEPTH', 12, 2, 1_000),
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    rateLimit: parseRateLimit(env, production),
    introspection: boolVar(env, 'INTROSPECTION', !production),
  };
}
