import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../src/server/config';
import { startGateway, type RunningGateway } from '../../src/server/gateway';
import { REDIS_URL } from './redis';

/** A GraphQL response as tests read it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** A gateway on port 0 against a given endpoint, with a query helper. */
export interface TestGateway extends RunningGateway {
  /** The Redis key prefix of this gateway, when it uses Redis. */
  redisKeyPrefix?: string;
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResponse<T>>;
}

/**
 * Starts a gateway in-process reading `endpoint` (an emulator started by the
 * test). With `redis: true` it uses the test Redis under a prefix of its own;
 * the caller removes the keys with the test Redis helper's cleanup.
 */
export async function startTestGateway(
  endpoint: string,
  options: { redis?: boolean; redisKeyPrefix?: string; env?: Record<string, string> } = {},
): Promise<TestGateway> {
  const redisKeyPrefix = options.redis ? (options.redisKeyPrefix ?? `test:${randomUUID()}:`) : undefined;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    CODEPIPELINE_MODE: 'endpoint',
    CODEPIPELINE_ENDPOINT: endpoint,
    AWS_MAX_ATTEMPTS: '1',
    // Off unless a test sets it: a cold dashboard must not wait on a 10 calls/s budget (see test/setup-env.ts).
    UPSTREAM_CALLS_PER_SECOND: process.env.UPSTREAM_CALLS_PER_SECOND ?? '0',
    // JSON request lines on stdout would drown test output; a test that reads logs passes its own logger.
    LOG_LEVEL: 'error',
    ...(redisKeyPrefix ? { REDIS_URL, REDIS_KEY_PREFIX: redisKeyPrefix } : {}),
    ...options.env,
  };
  const gateway = await startGateway(parseConfig(env));
  return {
    ...gateway,
    redisKeyPrefix,
    query: async <T>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>> => {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as Omit<GqlResponse<T>, 'status'>) };
    },
  };
}
