import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import { parseApiKeys } from '../../../src/server/auth/api-keys';
import { createJwtVerifier } from '../../../src/server/auth/jwt';
import { parseConfig } from '../../../src/server/config';
import { ConfigError } from '../../../src/server/env';
import { createLogger, errorField } from '../../../src/server/observability/logger';
import { reportStartupFailure } from '../../../src/server/observability/startup-failure';

/**
 * Issue 10, defect 5 (the server's part): refusals and logs must read right.
 */

/** A logger whose JSON lines land in memory. */
function captureLogs(level: 'info') {
  const written: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void written.push(line) });
  const lines = () => written.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

describe('the words of the server', () => {
  let jwks: Server;
  let jwksUrl: string;
  let key: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'main', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => jwks.close(() => resolve()));
  });

  it('says which claim lacked a known role, not "no known role in role"', async () => {
    const verify = createJwtVerifier({
      jwksUrl,
      issuer: 'https://idp.test/',
      audience: 'gateway',
      roleClaim: 'role',
      scopeClaim: 'pipelines',
      clockToleranceSeconds: 5,
    });
    const token = await new SignJWT({ role: 'superuser', pipelines: ['*'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'main' })
      .setIssuer('https://idp.test/')
      .setAudience('gateway')
      .setSubject('alice')
      .setExpirationTime('5m')
      .sign(key);
    const outcome = await verify(token);
    expect(outcome).toEqual({
      ok: false,
      reason: 'forbidden',
      message: "The token's role claim holds no known role (viewer, operator or admin)",
    });
  });

  it('writes the id and glob characters of API keys so that no one reads a range in them', () => {
    const bad = (line: string) => {
      try {
        parseApiKeys(line, 'API_KEYS');
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error(`${line} was accepted`);
    };
    const id = bad('a-long-enough-key-0123456789 viewer * not^an^id');
    expect(id).toContain('[A-Za-z0-9.@_-]');
    const glob = bad('a-long-enough-key-0123456789 viewer team[a] ops');
    expect(glob).toContain('[A-Za-z0-9.@_*?-]');
    expect(`${id} ${glob}`).not.toContain('@-_');
  });

  it('logs an error under `err` with its own type, not "Object"', () => {
    const logs = captureLogs('info');
    logs.logger.error({ err: errorField(new ConfigError('PORT', 'is wrong')) }, 'failed');
    expect(logs.lines()[0]?.err).toMatchObject({
      type: 'ConfigError',
      message: 'Invalid configuration: PORT is wrong',
    });
  });

  it('logs a fatal configuration error as its variable and message, with no stack', () => {
    const logs = captureLogs('info');
    let thrown: unknown;
    try {
      parseConfig({ PORT: 'abc' });
    } catch (err) {
      thrown = err;
    }
    const printed: string[] = [];
    reportStartupFailure(thrown, logs.logger, (line) => printed.push(line));
    expect(printed).toEqual(['Invalid configuration: PORT must be an integer from 0 to 65535, got "abc"']);
    const [line] = logs.lines();
    expect(line).toMatchObject({
      level: 'fatal',
      msg: 'gateway failed to start',
      variable: 'PORT',
      err: {
        type: 'ConfigError',
        message: 'Invalid configuration: PORT must be an integer from 0 to 65535, got "abc"',
      },
    });
    expect((line?.err as Record<string, unknown>).stack).toBeUndefined();
  });

  it('keeps the audit trail off under jest, even for an environment given without NODE_ENV', () => {
    // Test gateways are configured from an environment of their own: their audit lines drowned the test output.
    expect(parseConfig({ PORT: '0' }).audit).toEqual({ kind: 'off' });
    expect(parseConfig({ PORT: '0', AUDIT_LOG: 'stdout' }).audit).toEqual({ kind: 'stdout' });
  });

  it('logs any other start-up failure with its type, message and stack', () => {
    const logs = captureLogs('info');
    const printed: string[] = [];
    reportStartupFailure(new RangeError('port taken'), logs.logger, (line) => printed.push(line));
    expect(printed[0]).toContain('RangeError: port taken');
    expect(logs.lines()[0]?.err).toMatchObject({
      type: 'RangeError',
      message: 'port taken',
      stack: expect.any(String),
    });
  });
});
