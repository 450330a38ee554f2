import { randomUUID } from 'node:crypto';
import { type Logger } from 'pino';
import { parseConfig } from '../../../src/server/config';
import { startGateway, type RunningGateway } from '../../../src/server/gateway';
import { createLogger } from '../../../src/server/observability/logger';
import { REDIS_URL } from '../../support/redis';

/** Every line a logger wrote, as written and parsed. */
export interface CapturedLogs {
  logger: Logger;
  /** The raw text, exactly as it would reach stdout. */
  text(): string;
  lines(): Record<string, unknown>[];
}

/** A logger at `level` whose JSON lines land in memory instead of stdout. */
export function captureLogs(level: 'info' | 'debug' = 'debug'): CapturedLogs {
  const written: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void written.push(line) });
  return {
    logger,
    text: () => written.join(''),
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** A gateway on port 0 reading `endpoint`, logging into `logs`; with `redis`, under a key prefix of its own. */
export async function startObservedGateway(
  endpoint: string,
  logs: CapturedLogs,
  options: { redis?: boolean; env?: Record<string, string> } = {},
): Promise<RunningGateway & { redisKeyPrefix?: string }> {
  const redisKeyPrefix = options.redis ? `test:${randomUUID()}:` : undefined;
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CODEPIPELINE_ENDPOINT: endpoint,
    AWS_MAX_ATTEMPTS: '1',
    ...(redisKeyPrefix ? { REDIS_URL, REDIS_KEY_PREFIX: redisKeyPrefix } : {}),
    ...options.env,
  });
  const gateway = await startGateway(config, { logger: logs.logger });
  return { ...gateway, redisKeyPrefix };
}

/** The origin of a gateway (its URL without `/graphql`). */
export function originOf(gateway: RunningGateway): string {
  return gateway.url.replace(/\/graphql$/, '');
}

/** Polls `check` until it holds, failing with `what` after the deadline. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
