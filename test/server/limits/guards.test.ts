import { parseConfig } from '../../../src/server/config';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { ensureWebBuilt } from '../../browser/support/web-build';

const INTROSPECT = '{ __schema { queryType { name } } }';

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('the request guards', () => {
  let emu: TestEmulator;
  let local: TestGateway;
  let production: TestGateway;

  beforeAll(async () => {
    // The local landing page is the bundled GraphiQL: on a fresh clone it is built here, as the web tests do.
    await ensureWebBuilt();
    emu = await startTestEmulator();
    local = await startTestGateway(emu.url, { env: { MAX_BODY_BYTES: '2048' } });
    production = await startTestGateway(emu.url, {
      env: { NODE_ENV: 'production', AUTH_MODE: 'none', RATE_LIMIT_PER_SECOND: '0' },
    });
  });

  afterAll(async () => {
    await local.close();
    await production.close();
    await emu.close();
  });

  it('refuses a simple-request POST (text/plain, no preflight header) as CSRF, with 400', async () => {
    const answer = await send(local.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ gateway { version } }' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/cross-site request forgery/i);
  });

  it('refuses a GET query without a preflight-forcing header, and runs it with one', async () => {
    const url = `${local.url}?query=${encodeURIComponent('{ gateway { version } }')}`;
    expect((await send(url, { method: 'GET' })).status).toBe(400);
    const allowed = await send(url, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text)).toMatchObject({ data: { gateway: { version: expect.any(String) } } });
  });

  it('refuses a body over MAX_BODY_BYTES with 413 before parsing it', async () => {
    const body = JSON.stringify({ query: `{ gateway { version } } # ${'x'.repeat(4096)}` });
    const answer = await send(local.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ errors: [{ message: 'Request body too large' }] });
    // A body just under the limit is served.
    const small = await local.query('{ gateway { version } }');
    expect(small.status).toBe(200);
  });

  it('allows introspection and serves the landing page locally', async () => {
    const res = await local.query(INTROSPECT);
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const page = await send(local.url, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/text\/html/);
  });

  it('refuses introspection and serves no landing page in production by default', async () => {
    const res = await production.query(INTROSPECT);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
    const page = await send(production.url, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.contentType).not.toMatch(/text\/html/);
    expect(page.status).toBe(400);
    // Ordinary queries still run; __typename is not introspection.
    expect((await production.query('{ __typename gateway { version } }')).status).toBe(200);
  });

  it('turns introspection on or off with INTROSPECTION', () => {
    const prod = { NODE_ENV: 'production', CODEPIPELINE_MODE: 'aws', AUTH_MODE: 'none' };
    expect(parseConfig(prod).limits).toMatchObject({ introspection: false });
    expect(parseConfig({ ...prod, INTROSPECTION: 'true' }).limits).toMatchObject({ introspection: true });
    expect(parseConfig({ INTROSPECTION: 'false' }).limits).toMatchObject({ introspection: false });
    expect(() => parseConfig({ INTROSPECTION: 'yes' })).toThrow(/INTROSPECTION must be one of true, false/);
    expect(() => parseConfig({ MAX_BODY_BYTES: '10' })).toThrow(/MAX_BODY_BYTES/);
    expect(() => parseConfig({ MAX_QUERY_COST: '0' })).toThrow(/MAX_QUERY_COST/);
    expect(() => parseConfig({ MAX_QUERY_DEPTH: 'deep' })).toThrow(/MAX_QUERY_DEPTH/);
  });

  it('answers variables that do not coerce with BAD_USER_INPUT, never a 5xx', async () => {
    const res = await local.query('query Q($n: Int) { pipelines(first: $n) { nodes { name } } }', {
      n: 'many',
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/\$n/);
  });
});
