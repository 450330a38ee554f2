import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../../../src/server/config';
import { startGateway, type RunningGateway } from '../../../src/server/gateway';
import { REDIS_URL } from '../../support/redis';
import { type SlackStandIn } from '../../support/slack-stand-in';

/** The signing secret the tests' Slack app has. */
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Writes a rules file into a fresh temporary folder and returns its path. */
export function writeRules(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'slack-rules-')), 'rules.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** A gateway with the Slack integration on, and the JSON log lines it wrote. */
export interface SlackGateway extends RunningGateway {
  base: string;
  logs: Record<string, unknown>[];
  /** The audit records it wrote: to its audit log (`AUDIT_LOG=file:`), or as `audit` log lines without one. */
  auditLines(): Record<string, unknown>[];
}

/**
 * Starts an in-process gateway against the emulator with Slack pointed at the
 * stand-in, polling fast, on the test Redis under `redisKeyPrefix` when given.
 * Nothing is cached in process and states are read fresh, so what the emulator
 * does after a clock jump is what the gateway reads.
 */
export async function startSlackGateway(options: {
  emulatorUrl: string;
  slack: SlackStandIn;
  rulesFile: string;
  redisKeyPrefix?: string;
  env?: Record<string, string>;
}): Promise<SlackGateway> {
  const logs: Record<string, unknown>[] = [];
  const auditFile = join(mkdtempSync(join(tmpdir(), 'slack-audit-')), 'audit.log');
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CODEPIPELINE_ENDPOINT: options.emulatorUrl,
    AWS_MAX_ATTEMPTS: '1',
    LOG_LEVEL: 'error',
    ...(options.redisKeyPrefix ? { REDIS_URL, REDIS_KEY_PREFIX: options.redisKeyPrefix } : {}),
    POLL_FAST_INTERVAL_MS: '200',
    POLL_IDLE_INTERVAL_MS: '200',
    POLL_CALLS_PER_SECOND: '1000',
    LEASE_TTL_MS: '1500',
    WATCH_HEARTBEAT_MS: '500',
    NEAR_CACHE_ENTRIES: '0',
    RESPONSE_CACHE_ENTRIES: '0',
    CACHE_TTL_STATE_SECONDS: '0',
    CACHE_TTL_EXECUTIONS_SECONDS: '0',
    CACHE_TTL_LIST_SECONDS: '0',
    SLACK_BOT_TOKEN: options.slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.slack.apiUrl,
    SLACK_RULES_FILE: options.rulesFile,
    AUDIT_LOG: `file:${auditFile}`,
    ...options.env,
  });
  const gateway = await startGateway(config, { logger });
  const auditLines = (): Record<string, unknown>[] => {
    const written = existsSync(auditFile) ? readFileSync(auditFile, 'utf8').split('\n') : [];
    const records = written
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return [...records, ...logs].filter((l) => l.msg === 'audit');
  };
  return { ...gateway, base: gateway.url.replace(/\/graphql$/, ''), logs, auditLines };
}

/** Resolves once `probe` answers something other than undefined; rejects after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
