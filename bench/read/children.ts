import { randomUUID } from 'node:crypto';
import { type Redis } from 'ioredis';
import { SERVERS, startChild, type ChildServer } from '../lib/child';
import { type Context } from './context';
import { EXECUTOR, REDIS_URL } from './settings';

/** Where a bench gateway keeps its query cache. */
export type CacheKind = 'redis' | 'memory';

/** Starts a gateway child reading the bench emulator, on Redis (under a fresh prefix) or memory. */
export async function startGatewayChild(
  ctx: Context,
  cache: CacheKind,
  extraEnv: Record<string, string> = {},
  execArgv: string[] = [],
  /** The compiled gateway entry to run: this build's, or another's (`BENCH_BEFORE_GATEWAY`). */
  script: string = SERVERS.gateway,
): Promise<ChildServer & { prefix?: string }> {
  const prefix = cache === 'redis' ? `bench:${randomUUID()}:` : undefined;
  if (prefix) ctx.prefixes.push(prefix);
  const child = await startChild(
    `gateway (${cache})`,
    script,
    {
      PORT: '0',
      HOST: '127.0.0.1',
      // Production mode wants the upstream named, not guessed.
      CODEPIPELINE_MODE: 'endpoint',
      CODEPIPELINE_ENDPOINT: ctx.endpoint,
      // The call budget (default 10 a second) would pace a cold dashboard's 201 calls: this bench measures the gateway.
      UPSTREAM_CALLS_PER_SECOND: '0',
      ...(prefix ? { REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
      ...(EXECUTOR !== '' && script === SERVERS.gateway ? { EXECUTOR } : {}),
      ...extraEnv,
    },
    execArgv,
  );
  return { ...child, prefix };
}

/** Starts the naive gateway (no cache, no batching): the reference the gateway is measured against. */
export function startNaiveChild(ctx: Context): Promise<ChildServer> {
  return startChild('naive', SERVERS.naive, { CODEPIPELINE_ENDPOINT: ctx.endpoint });
}

/** Deletes every key under `prefix`: the Redis cache of one gateway becomes cold. */
export async function flushPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
