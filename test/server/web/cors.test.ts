import { parseConfig } from '../../../src/server/config';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const APP = 'https://app.example.com';
const OTHER = 'https://evil.example.net';

function preflight(url: string, origin: string, headers = 'content-type, authorization') {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });
}

function corsHeaders(res: Response): string[] {
  return [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));
}

describe('CORS', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    emu = await startTestEmulator();
    gateway = await startTestGateway(emu.url, { env: { CORS_ORIGINS: `${APP}, http://localhost:5173` } });
  });

  afterAll(async () => {
    await gateway?.close();
    await emu?.close();
  });

  it('answers a preflight from an allowed origin with 204, the methods and the headers', async () => {
    const res = await preflight(gateway.url, APP, 'content-type, authorization, apollo-require-preflight');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining([
        'content-type',
        'authorization',
        'apollo-require-preflight',
        'x-apollo-operation-name',
      ]),
    );
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives an allowed origin its own origin back on the answer, and lets it read the request id', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(res.headers.get('vary')).toMatch(/Origin/i);
  });

  it('gives any other origin no CORS header at all, on the preflight and on the request', async () => {
    const pre = await preflight(gateway.url, OTHER);
    expect(corsHeaders(pre)).toEqual([]);
    expect(pre.status).not.toBe(204);
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { origin: OTHER, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(corsHeaders(res)).toEqual([]);
  });

  it('keeps CSRF prevention on for simple requests, from an allowed origin too', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Cross-Site Request Forgery/i);
    const get = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: APP },
    });
    expect(get.status).toBe(400);
  });

  it('sends no CORS header when CORS_ORIGINS is unset', async () => {
    const plain = await startTestGateway(emu.url);
    try {
      const res = await preflight(plain.url, APP);
      expect(corsHeaders(res)).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('refuses "*" while credentials are allowed, naming CORS_ORIGINS, and bad origins too', () => {
    expect(() => parseConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => parseConfig({ CORS_ORIGINS: `${APP},*` })).toThrow(/CORS_ORIGINS/);
    expect(parseConfig({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'false' }).web).toMatchObject({
      corsOrigins: ['*'],
      corsCredentials: false,
    });
    expect(() => parseConfig({ CORS_ORIGINS: 'app.example.com' })).toThrow(/CORS_ORIGINS.*app\.example\.com/);
    expect(() => parseConfig({ CORS_ORIGINS: `${APP}/path` })).toThrow(/CORS_ORIGINS/);
    expect(() => parseConfig({ CORS_ORIGINS: 'ftp://files.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(() => parseConfig({ CORS_CREDENTIALS: 'yes' })).toThrow(/CORS_CREDENTIALS/);
    expect(() => parseConfig({ GRAPHIQL: 'on' })).toThrow(/GRAPHIQL/);
  });

  it('turns GraphiQL on outside production and off in production unless GRAPHIQL=true', () => {
    expect(parseConfig({}).web.graphiql).toBe(true);
    // Production also insists on an explicit CODEPIPELINE_MODE (targets-config.ts).
    const production = { NODE_ENV: 'production', AUTH_MODE: 'none', CODEPIPELINE_MODE: 'aws' };
    expect(parseConfig(production).web.graphiql).toBe(false);
    expect(parseConfig({ ...production, GRAPHIQL: 'true' }).web.graphiql).toBe(true);
  });
});
