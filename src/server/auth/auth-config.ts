import { readFileSync } from 'node:fs';
import { ConfigError, type Env, intVar, oneOf } from '../env';
import { type ApiKeyEntry, parseApiKeys } from './api-keys';
import { type JwtConfig } from './jwt';

/** How callers authenticate. `none` lets everyone in as an admin of every pipeline. */
export type AuthMode = 'none' | 'api-key' | 'jwt' | 'api-key+jwt';

/** Authentication, parsed at start-up. Holds key digests only, never a raw key. */
export interface AuthConfig {
  mode: AuthMode;
  apiKeys: ApiKeyEntry[];
  jwt?: JwtConfig;
}

function readKeysFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError('API_KEYS_FILE', `cannot be read (${code}): "${path}"`);
  }
}

function apiKeys(env: Env): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = [];
  if (env.API_KEYS_FILE) entries.push(...parseApiKeys(readKeysFile(env.API_KEYS_FILE), 'API_KEYS_FILE'));
  if (env.API_KEYS) entries.push(...parseApiKeys(env.API_KEYS, 'API_KEYS', /[\n;]/));
  const digests = new Set(entries.map((e) => e.sha256));
  if (digests.size !== entries.length) {
    throw new ConfigError('API_KEYS', 'lists a key that API_KEYS_FILE lists too');
  }
  return entries;
}

function claimVar(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/.test(raw)) {
    throw new ConfigError(name, `must be a claim name or a dotted path, got "${raw}"`);
  }
  return raw;
}

function requiredVar(env: Env, name: string, why: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') throw new ConfigError(name, `must be set ${why}`);
  return raw;
}

function jwtConfig(env: Env): JwtConfig {
  const jwksUrl = requiredVar(env, 'JWT_JWKS_URL', 'to verify JWTs');
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new ConfigError('JWT_JWKS_URL', `must be an http(s) URL, got "${jwksUrl}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('JWT_JWKS_URL', `must be an http(s) URL, got "${jwksUrl}"`);
  }
  return {
    jwksUrl,
    issuer: requiredVar(env, 'JWT_ISSUER', 'with JWT_JWKS_URL (the iss every token must carry)'),
    audience: requiredVar(env, 'JWT_AUDIENCE', 'with JWT_JWKS_URL (the aud every token must carry)'),
    roleClaim: claimVar(env, 'JWT_ROLE_CLAIM', 'role'),
    scopeClaim: claimVar(env, 'JWT_SCOPE_CLAIM', 'pipelines'),
    clockToleranceSeconds: intVar(env, 'JWT_CLOCK_TOLERANCE_SECONDS', 5, 0, 300),
  };
}

/**
 * Chooses the authentication mode. `AUTH_MODE` names it; when it is absent
 * the mode follows what is configured (keys, a JWKS URL, both). With nothing
 * configured the gateway is open, except in production: there it refuses to
 * start unless `AUTH_MODE=none` says the open door is deliberate.
 */
export function parseAuthConfig(env: Env, production: boolean): AuthConfig {
  const keys = apiKeys(env);
  const hasJwt = env.JWT_JWKS_URL !== undefined && env.JWT_JWKS_URL !== '';
  const inferred: AuthMode =
    keys.length > 0 && hasJwt ? 'api-key+jwt' : keys.length > 0 ? 'api-key' : hasJwt ? 'jwt' : 'none';
  const explicit = env.AUTH_MODE !== undefined && env.AUTH_MODE !== '';
  const mode = oneOf(env, 'AUTH_MODE', ['none', 'api-key', 'jwt', 'api-key+jwt'] as const, inferred);
  if (!explicit && mode === 'none' && production) {
    throw new ConfigError(
      'AUTH_MODE',
      'must be set in production (NODE_ENV=production): configure API_KEYS, API_KEYS_FILE or JWT_JWKS_URL, ' +
        'or set AUTH_MODE=none to run without authentication on purpose',
    );
  }
  if (mode === 'none') {
    if (keys.length > 0 || hasJwt) {
      throw new ConfigError(
        'AUTH_MODE',
        'is none, but API keys or JWT_JWKS_URL are configured; remove one or the other',
      );
    }
    return { mode, apiKeys: [] };
  }
  const wantsKeys = mode === 'api-key' || mode === 'api-key+jwt';
  const wantsJwt = mode === 'jwt' || mode === 'api-key+jwt';
  if (wantsKeys && keys.length === 0) {
    throw new ConfigError('API_KEYS', `or API_KEYS_FILE must list at least one key with AUTH_MODE=${mode}`);
  }
  if (!wantsKeys && keys.length > 0) {
    throw new ConfigError('AUTH_MODE', `is ${mode}, but API keys are configured; use api-key+jwt`);
  }
  if (!wantsJwt && hasJwt) {
    throw new ConfigError('AUTH_MODE', `is ${mode}, but JWT_JWKS_URL is set; use api-key+jwt`);
  }
  return { mode, apiKeys: keys, jwt: wantsJwt ? jwtConfig(env) : undefined };
}

/** The banner's line about authentication: an open gateway says so plainly. */
export function describeAuth(auth: AuthConfig, production: boolean): string {
  switch (auth.mode) {
    case 'none':
      return production
        ? '  auth: NONE (AUTH_MODE=none): anyone who reaches this port is an admin of every pipeline'
        : '  auth: open (local default): set API_KEYS, API_KEYS_FILE or JWT_JWKS_URL to require credentials';
    case 'api-key':
      return `  auth: API keys (${auth.apiKeys.length} configured)`;
    case 'jwt':
      return `  auth: JWTs from ${auth.jwt?.issuer ?? '?'} (keys at ${auth.jwt?.jwksUrl ?? '?'})`;
    case 'api-key+jwt':
      return `  auth: API keys (${auth.apiKeys.length}) and JWTs from ${auth.jwt?.issuer ?? '?'}`;
    default: {
      const unreachable: never = auth.mode;
      return unreachable;
    }
  }
}
