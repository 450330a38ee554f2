import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { launchChromium } from './support/browser';
import { type PageGlobals } from './support/page-globals';
import { ARTIFACTS, ensureWebBuilt } from './support/web-build';

const KEY = 'graphiql-operator-key-0123456789';

describe('GraphiQL served by the gateway, with the network off', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;
  /** The same, with API keys: GraphiQL must carry an Authorization header. */
  let secured: TestGateway;
  let browser: Browser;
  let page: Page;
  /** Every URL the page (and its workers) asked for, HTTP and WebSocket alike. */
  const requested: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    emu = await startTestEmulator({ seed: 'demo', tickIntervalMs: 100 });
    gateway = await startTestGateway(emu.url, {
      env: { POLL_FAST_INTERVAL_MS: '250', POLL_CALLS_PER_SECOND: '100' },
    });
    secured = await startTestGateway(emu.url, { env: { API_KEYS: `${KEY} operator * graphiql-user` } });
    // No host name resolves but 127.0.0.1, and anything addressed elsewhere is cut off here too.
    browser = await launchChromium({ offline: true });
    page = await offlinePage();
  }, 120_000);

  /** A page in a fresh context whose every request is recorded, and cut off unless it is for 127.0.0.1. */
  async function offlinePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).hostname === '127.0.0.1') return route.continue();
      refused.push(url);
      return route.abort('internetdisconnected');
    });
    const opened = await context.newPage();
    opened.on('request', (req) => requested.push(req.url()));
    opened.on('websocket', (ws) => requested.push(ws.url()));
    opened.on('worker', (worker) => requested.push(worker.url()));
    return opened;
  }

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await secured?.close();
    await emu?.close();
  });

  const response = () => page.textContent('.graphiql-response');

  it('loads from the gateway alone when a browser opens /graphql', async () => {
    const answer = await page.goto(gateway.url);
    expect(answer?.headers()['content-type']).toMatch(/text\/html/);
    await page.waitForSelector('.graphiql-query-editor .monaco-editor', { timeout: 30_000 });
    await page.waitForSelector('.graphiql-execute-button');
  });

  it('runs a query over HTTP', async () => {
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.graphiql-response')
          ?.textContent?.includes('version'),
      null,
      {
        timeout: 15_000,
      },
    );
    expect(await response()).toMatch(/"gateway"/);
  });

  it('runs a subscription over graphql-ws on the same /graphql path', async () => {
    await page.click('.graphiql-query-editor .monaco-editor');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(
      'subscription Live { pipelineEvents(filter: { pipelineNames: ["docs-site"] }) { kind pipelineName state } }',
    );
    await page.click('.graphiql-execute-button');
    // Wait for the socket before causing the event it should carry.
    await page.waitForEvent('websocket', { timeout: 10_000 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    const started = await gateway.query(
      'mutation { startPipelineExecution(input: { name: "docs-site" }) { pipelineExecutionId } }',
    );
    expect(started.errors).toBeUndefined();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.graphiql-response')
          ?.textContent?.includes('docs-site'),
      null,
      {
        timeout: 15_000,
      },
    );
    expect(await response()).toMatch(/"pipelineEvents"/);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });
  });

  it('sends the Authorization header of its headers pane, prefilled from the dashboard sign-in', async () => {
    const signed = await offlinePage();
    // The dashboard keeps the pasted key in sessionStorage; GraphiQL in the same tab starts from it.
    await signed.addInitScript((key) => sessionStorage.setItem('cpgw.credential', key), KEY);
    await signed.goto(secured.url);
    await signed.waitForSelector('.graphiql-query-editor .monaco-editor', { timeout: 30_000 });
    await signed.click('.graphiql-query-editor .monaco-editor');
    await signed.keyboard.press('ControlOrMeta+a');
    await signed.keyboard.press('Delete');
    await signed.keyboard.insertText('{ viewer { id role } }');
    await signed.click('.graphiql-execute-button');
    await signed.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.graphiql-response')
          ?.textContent?.includes('role'),
      null,
      { timeout: 15_000 },
    );
    const text = await signed.textContent('.graphiql-response');
    expect(text).toContain('apikey:graphiql-user');
    expect(text).toContain('operator');
    await signed.context().close();
  });

  it('made no request to any host but 127.0.0.1', () => {
    expect(refused).toEqual([]);
    expect(requested.length).toBeGreaterThan(3);
    const hosts = new Set(requested.map((url) => new URL(url).hostname));
    expect([...hosts]).toEqual(['127.0.0.1']);
    expect(requested.some((url) => url.startsWith('ws://127.0.0.1') && url.endsWith('/graphql'))).toBe(true);
  });
});
