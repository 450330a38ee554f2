import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, parseConfig } from '../../src/server/config';

describe('the gateway configuration', () => {
  it('defaults to the embedded emulator on port 4000', () => {
    const config = parseConfig({});
    expect(config.port).toBe(4000);
    expect(config.upstream).toEqual({ kind: 'emulator', seed: 'demo', clockSpeed: 1 });
    // The region is left to the SDK's chain (AWS_REGION, then the profile's) at start-up.
    expect(config.region).toBeUndefined();
  });

  it('uses an explicit endpoint when CODEPIPELINE_ENDPOINT is set', () => {
    const config = parseConfig({ CODEPIPELINE_ENDPOINT: 'http://emulator:4599/' });
    expect(config.upstream).toEqual({ kind: 'endpoint', endpoint: 'http://emulator:4599' });
  });

  it('uses real AWS with CODEPIPELINE_MODE=aws, finding the account with STS unless AWS_ACCOUNT_ID is set', () => {
    expect(parseConfig({ CODEPIPELINE_MODE: 'aws' })).toMatchObject({
      upstream: { kind: 'aws' },
      accountId: undefined,
    });
    const config = parseConfig({
      CODEPIPELINE_MODE: 'aws',
      AWS_ACCOUNT_ID: '111122223333',
      AWS_REGION: 'eu-west-1',
    });
    expect(config.upstream).toEqual({ kind: 'aws' });
    expect(config.region).toBe('eu-west-1');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ CODEPIPELINE_MODE: 'cloud' }, 'CODEPIPELINE_MODE'],
    [{ CODEPIPELINE_ENDPOINT: 'ftp://x' }, 'CODEPIPELINE_ENDPOINT'],
    [{ CODEPIPELINE_MODE: 'endpoint' }, 'CODEPIPELINE_ENDPOINT'],
    [{ AWS_REGION: 'mars' }, 'AWS_REGION'],
    [{ AWS_MAX_ATTEMPTS: '0' }, 'AWS_MAX_ATTEMPTS'],
    [{ EMULATOR_SEED: 'lots' }, 'EMULATOR_SEED'],
    [{ EMULATOR_CLOCK_SPEED: '-1' }, 'EMULATOR_CLOCK_SPEED'],
  ])('fails fast on %j, naming %s', (env, variable) => {
    let caught: unknown;
    try {
      parseConfig(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toContain(variable);
  });
});

/** The variables of the README's settings table (`| Variable | Default | Meaning |`), `<KIND>` expanded. */
function documentedVariables(): string[] {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8').split('\n');
  const start = readme.findIndex((line) => /^\|\s*Variable\s*\|\s*Default\s*\|/.test(line));
  const names: string[] = [];
  for (const line of readme.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    for (const [, name] of (line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_<>]*)`/g)) {
      if (name === undefined) continue;
      if (!name.includes('<KIND>')) names.push(name);
      else for (const kind of TTL_KINDS) names.push(name.replace('<KIND>', kind));
    }
  }
  return names;
}

const TTL_KINDS = [
  'DECLARATION',
  'LATEST_DECLARATION',
  'LIST',
  'STATE',
  'EXECUTIONS',
  'FINISHED_EXECUTION',
  'TAGS',
  'TYPES',
];

/**
 * A value each documented variable must refuse, or `null` for a free-form one (any text is valid), which
 * must then reach the config unchanged. A variable added to the README table needs an entry here.
 */
const BAD_VALUES: Readonly<Record<string, string | null>> = {
  PORT: 'eighty',
  HOST: null,
  AWS_MAX_ATTEMPTS: '0',
  REDIS_URL: 'http://cache:6379',
  REDIS_KEY_PREFIX: null,
  UPSTREAM_CONCURRENCY: '0',
  UPSTREAM_TIMEOUT_MS: '5',
  ...Object.fromEntries(TTL_KINDS.map((kind) => [`CACHE_TTL_${kind}_SECONDS`, '-1'])),
  CACHE_STALE_SECONDS: 'ten',
  MEMORY_CACHE_ENTRIES: '1',
  NEAR_CACHE_ENTRIES: '-1',
  RESPONSE_CACHE_ENTRIES: '-1',
  MAX_PAGE_SIZE: '0',
  MAX_QUERY_COST: '0',
  MAX_QUERY_DEPTH: '1',
  MAX_BODY_BYTES: '10',
  RATE_LIMIT_PER_SECOND: '-1',
  RATE_LIMIT_BURST: '0',
  INTROSPECTION: 'maybe',
  EMULATOR_SEED: 'lots',
  EMULATOR_CLOCK_SPEED: '-1',
  TARGETS_FILE: '/nonexistent/targets.yaml',
  LOG_LEVEL: 'verbose',
  SHUTDOWN_TIMEOUT_MS: '10',
  AUTH_MODE: 'magic',
  API_KEYS_FILE: '/nonexistent/api-keys.json',
  API_KEYS: 'too-short admin',
  JWT_JWKS_URL: 'ftp://idp.example.com/jwks.json',
  JWT_ROLE_CLAIM: 'role claim',
  JWT_SCOPE_CLAIM: 'pipelines!',
  JWT_CLOCK_TOLERANCE_SECONDS: '-1',
  POLL_FAST_INTERVAL_MS: '1',
  POLL_IDLE_INTERVAL_MS: '1',
  POLL_CALLS_PER_SECOND: '0',
  LEASE_TTL_MS: '1',
  EVENT_LOG_LENGTH: '1',
  WATCH_HEARTBEAT_MS: '1',
  WATCH_TTL_MS: '1',
  SUBSCRIBER_BUFFER: '1',
  WS_CONNECTION_INIT_TIMEOUT_MS: '1',
  WS_KEEPALIVE_MS: '1',
  WS_MAX_SUBSCRIPTIONS: '0',
  WS_MAX_MESSAGE_BYTES: '1',
  REVISION_INDEX_DAYS: '0',
  DELIVERY_HISTORY_DAYS: '0',
  INSIGHTS_SCAN_CALLS: '-1',
  INSIGHTS_FRESH_SECONDS: 'soon',
  EXECUTOR: 'turbo',
  GRAPHIQL: 'maybe',
  CORS_ORIGINS: 'ftp://app.example.com',
  CORS_CREDENTIALS: 'maybe',
  UPSTREAM_CALLS_PER_SECOND: '-1',
  EVENTS_API_KEY: 'too-short',
  POLL_RECONCILE_SECONDS: '0',
  EVENTS_QUIET_SECONDS: 'soon',
  EXPOSE_ERRORS: 'maybe',
};

/** Other settings under which a variable is read at all (a burst only matters with a rate). */
const JWT: Record<string, string> = {
  JWT_JWKS_URL: 'https://idp.example.com/jwks.json',
  JWT_ISSUER: 'https://idp.example.com/',
  JWT_AUDIENCE: 'gateway',
};
const CONTEXT: Readonly<Record<string, Record<string, string>>> = {
  RATE_LIMIT_BURST: { RATE_LIMIT_PER_SECOND: '10' },
  JWT_ROLE_CLAIM: JWT,
  JWT_SCOPE_CLAIM: JWT,
  JWT_CLOCK_TOLERANCE_SECONDS: JWT,
};

/** Variables holding secrets: their errors must never quote the value. */
const SECRET = new Set(['API_KEYS', 'EVENTS_API_KEY']);

/** Where a free-form variable lands in the config. */
const FREE_FORM: Readonly<Record<string, (config: ReturnType<typeof parseConfig>) => unknown>> = {
  HOST: (config) => config.host,
  REDIS_KEY_PREFIX: (config) => config.redisKeyPrefix,
};

describe('every variable the README documents', () => {
  const documented = documentedVariables();

  it('is found in the settings table, which names the observability settings too', () => {
    expect(documented).toEqual(
      expect.arrayContaining(['PORT', 'REDIS_URL', 'LOG_LEVEL', 'SHUTDOWN_TIMEOUT_MS']),
    );
    expect(documented.filter((name) => !(name in BAD_VALUES))).toEqual([]);
  });

  it.each(documented.filter((name) => BAD_VALUES[name] !== null))(
    'refuses a bad %s at start-up with a ConfigError naming it',
    (variable) => {
      const value = BAD_VALUES[variable] ?? '';
      let caught: unknown;
      try {
        parseConfig({ ...CONTEXT[variable], [variable]: value });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe(variable);
      expect((caught as ConfigError).message).toContain(variable);
      if (SECRET.has(variable)) expect((caught as ConfigError).message).not.toContain(value.split(' ')[0]);
      else expect((caught as ConfigError).message).toContain(value);
    },
  );

  it.each(documented.filter((name) => BAD_VALUES[name] === null))(
    'passes a free-form %s through',
    (variable) => {
      const read = FREE_FORM[variable];
      expect(read).toBeDefined();
      expect(read?.(parseConfig({ [variable]: 'chosen-by-test' }))).toBe('chosen-by-test');
    },
  );

  it('never echoes a Redis password in its error', () => {
    expect(() => parseConfig({ REDIS_URL: 'http://:hunter2-secret@cache:6379' })).toThrow(
      'got "http://***@cache:6379"',
    );
  });

  it('parses the observability settings, with their defaults', () => {
    expect(parseConfig({})).toMatchObject({ logLevel: 'info', shutdownTimeoutMs: 25_000 });
    expect(parseConfig({ LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '5000' })).toMatchObject({
      logLevel: 'debug',
      shutdownTimeoutMs: 5_000,
    });
  });
});
