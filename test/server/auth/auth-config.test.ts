import { parseAuthConfig, describeAuth } from '../../../src/server/auth/auth-config';
import { ConfigError, parseConfig } from '../../../src/server/config';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway } from '../../support/gateway';

const KEY = 'a-key-of-enough-length-0123456789';
const JWT_ENV = {
  JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
  JWT_ISSUER: 'https://idp.example.com/',
  JWT_AUDIENCE: 'codepipeline-gateway',
};

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('choosing the authentication mode', () => {
  it('stays open by default outside production, and the banner says so', () => {
    const auth = parseAuthConfig({}, false);
    expect(auth).toEqual({ mode: 'none', apiKeys: [] });
    expect(describeAuth(auth, false)).toMatch(/auth: open \(local default\): set API_KEYS/);
  });

  it('refuses to start in production with no authentication configured, naming AUTH_MODE', () => {
    const err = configError(() => parseConfig({ NODE_ENV: 'production', CODEPIPELINE_MODE: 'aws' }));
    expect(err.variable).toBe('AUTH_MODE');
    expect(err.message).toMatch(/AUTH_MODE must be set in production/);
  });

  it('runs open in production only when AUTH_MODE=none says so, and the banner warns', () => {
    const config = parseConfig({ NODE_ENV: 'production', CODEPIPELINE_MODE: 'aws', AUTH_MODE: 'none' });
    expect(config.auth.mode).toBe('none');
    expect(describeAuth(config.auth, true)).toMatch(/auth: NONE \(AUTH_MODE=none\): anyone/);
  });

  it('infers the mode from what is configured', () => {
    expect(parseAuthConfig({ API_KEYS: `${KEY} admin` }, true).mode).toBe('api-key');
    expect(parseAuthConfig(JWT_ENV, true).mode).toBe('jwt');
    expect(parseAuthConfig({ ...JWT_ENV, API_KEYS: `${KEY} admin` }, true).mode).toBe('api-key+jwt');
    expect(describeAuth(parseAuthConfig({ API_KEYS: `${KEY} admin` }, true), true)).toBe(
      '  auth: API keys (1 configured)',
    );
  });

  it('reads the JWT settings, with role and scope claims defaulting to role and pipelines', () => {
    expect(parseAuthConfig(JWT_ENV, true).jwt).toEqual({
      jwksUrl: JWT_ENV.JWT_JWKS_URL,
      issuer: JWT_ENV.JWT_ISSUER,
      audience: JWT_ENV.JWT_AUDIENCE,
      roleClaim: 'role',
      scopeClaim: 'pipelines',
      clockToleranceSeconds: 5,
    });
    const custom = parseAuthConfig(
      { ...JWT_ENV, JWT_ROLE_CLAIM: 'realm_access.roles', JWT_SCOPE_CLAIM: 'https://example.com/pipelines' },
      true,
    );
    expect(custom.jwt).toMatchObject({
      roleClaim: 'realm_access.roles',
      scopeClaim: 'https://example.com/pipelines',
    });
  });

  it.each([
    ['an unknown mode', 'AUTH_MODE', { AUTH_MODE: 'magic' }],
    ['api-key mode without keys', 'API_KEYS', { AUTH_MODE: 'api-key' }],
    ['jwt mode without a JWKS URL', 'JWT_JWKS_URL', { AUTH_MODE: 'jwt' }],
    ['a JWKS URL that is not http(s)', 'JWT_JWKS_URL', { ...JWT_ENV, JWT_JWKS_URL: 'file:///etc/jwks.json' }],
    ['a JWKS URL without an audience', 'JWT_AUDIENCE', { ...JWT_ENV, JWT_AUDIENCE: '' }],
    ['a JWKS URL without an issuer', 'JWT_ISSUER', { ...JWT_ENV, JWT_ISSUER: '' }],
    ['AUTH_MODE=none with keys configured', 'AUTH_MODE', { AUTH_MODE: 'none', API_KEYS: `${KEY} admin` }],
    [
      'AUTH_MODE=jwt with keys configured',
      'AUTH_MODE',
      { ...JWT_ENV, AUTH_MODE: 'jwt', API_KEYS: `${KEY} admin` },
    ],
    ['a bad role claim', 'JWT_ROLE_CLAIM', { ...JWT_ENV, JWT_ROLE_CLAIM: 'role claim' }],
  ])('fails fast on %s, naming %s', (_what, variable, env) => {
    expect(configError(() => parseAuthConfig(env, false)).variable).toBe(variable);
  });
});

describe('a production gateway with AUTH_MODE=none', () => {
  let emu: TestEmulator;

  beforeAll(async () => {
    emu = await startTestEmulator();
  });

  afterAll(async () => {
    await emu.close();
  });

  it('starts and answers queries without credentials', async () => {
    const gateway = await startTestGateway(emu.url, { env: { NODE_ENV: 'production', AUTH_MODE: 'none' } });
    try {
      const res = await gateway.query<{ pipelines: { edges: unknown[] } }>(
        '{ pipelines { edges { cursor } } }',
      );
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data?.pipelines.edges).toEqual([]);
    } finally {
      await gateway.close();
    }
  });

  it('is never started without it: the configuration is refused before anything listens', async () => {
    await expect(startTestGateway(emu.url, { env: { NODE_ENV: 'production' } })).rejects.toThrow(
      /AUTH_MODE must be set in production/,
    );
  });
});
