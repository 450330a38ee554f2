import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { DASHBOARD_JS, ensureWebBuilt } from '../../browser/support/web-build';

const origin = (gateway: TestGateway) => gateway.url.replace(/\/graphql$/, '');

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('the browser routes', () => {
  let emu: TestEmulator;
  let local: TestGateway;
  let production: TestGateway;
  let productionWithGraphiql: TestGateway;

  beforeAll(async () => {
    await ensureWebBuilt();
    emu = await startTestEmulator();
    local = await startTestGateway(emu.url);
    const prod = { NODE_ENV: 'production', AUTH_MODE: 'none', RATE_LIMIT_PER_SECOND: '0' };
    production = await startTestGateway(emu.url, { env: prod });
    productionWithGraphiql = await startTestGateway(emu.url, { env: { ...prod, GRAPHIQL: 'true' } });
  }, 120_000);

  afterAll(async () => {
    await local?.close();
    await production?.close();
    await productionWithGraphiql?.close();
    await emu?.close();
  });

  it('serves the dashboard at / with a CSP of self only and strict security headers', async () => {
    const page = await get(`${origin(local)}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('/assets/dashboard.js');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    // No inline script or style for the CSP to have to allow.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|style=/);
  });

  it('serves the assets gzipped, with an ETag that answers 304 when unchanged', async () => {
    const res = await fetch(`${origin(local)}/assets/dashboard.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const etag = res.headers.get('etag') ?? '';
    await res.arrayBuffer();
    const again = await fetch(`${origin(local)}/assets/dashboard.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('keeps the dashboard script within 150 KB gzipped', () => {
    expect(gzipSync(readFileSync(DASHBOARD_JS), { level: 9 }).length).toBeLessThanOrEqual(150 * 1024);
  });

  it('answers 404 for unknown assets and for paths that climb out of the assets folder', async () => {
    expect((await get(`${origin(local)}/assets/nothing.js`)).status).toBe(404);
    expect((await get(`${origin(local)}/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await get(`${origin(local)}/assets/.built`)).status).toBe(404);
    expect((await get(`${origin(local)}/elsewhere`)).status).toBe(404);
  });

  it('refuses writes to the pages with 405', async () => {
    const res = await fetch(`${origin(local)}/`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves the bundled GraphiQL to a browser on GET /graphql outside production, loading nothing from elsewhere', async () => {
    const page = await get(local.url, { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('/assets/graphiql/graphiql.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const script = await get(`${origin(local)}/assets/graphiql/graphiql.js`);
    expect(script.status).toBe(200);
    // Apollo's Sandbox came from a CDN with telemetry; none of that is left.
    expect(page.text).not.toMatch(/apollographql|embeddable-sandbox/);
  });

  it('still answers GraphQL on /graphql: POST, and GET with a query, whatever the Accept header', async () => {
    expect((await local.query('{ viewer { role } }')).data).toEqual({ viewer: { role: 'admin' } });
    const viaGet = await get(`${local.url}?query=${encodeURIComponent('{ __typename }')}`, {
      accept: 'text/html, application/json',
      'apollo-require-preflight': 'true',
    });
    expect(JSON.parse(viaGet.text)).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('serves no GraphiQL in production unless GRAPHIQL=true', async () => {
    const off = await get(production.url, { accept: 'text/html' });
    expect(off.status).toBe(400);
    expect(off.headers.get('content-type')).not.toMatch(/text\/html/);
    expect((await get(`${origin(production)}/assets/graphiql/graphiql.js`)).status).toBe(404);
    const on = await get(productionWithGraphiql.url, { accept: 'text/html' });
    expect(on.status).toBe(200);
    expect(on.text).toContain('/assets/graphiql/graphiql.js');
  });
});
