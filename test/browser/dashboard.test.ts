import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { type Browser, type Page } from 'playwright-core';
import {
  manualApprovalAction,
  ROLE_ARN,
  ARTIFACT_STORE,
  s3DeployAction,
  s3SourceAction,
  stage,
} from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { launchChromium } from './support/browser';
import { type PageGlobals } from './support/page-globals';
import { ARTIFACTS, ensureWebBuilt } from './support/web-build';

const KEYS = {
  operator: 'dashboard-operator-key-0123456789',
  viewer: 'dashboard-viewer-key-0123456789',
};
const API_KEYS = `${KEYS.operator} operator * ops;${KEYS.viewer} viewer * reader`;
/** Pipelines of the test's own: a quick source, a manual approval, a quick deploy; and the same without the gate. */
const GATED = 'dashboard-gated';
const QUICK = 'dashboard-quick';
const quickSource = () => s3SourceAction('Source', 'SourceArtifact', { EmulatorDurationMs: '200' });
const quickDeploy = () => ({
  ...s3DeployAction('Deploy', 'SourceArtifact'),
  configuration: { BucketName: 'emulator-deploy-bucket', Extract: 'true', EmulatorDurationMs: '200' },
});

async function gql<T>(gateway: TestGateway, key: string, query: string, variables?: object): Promise<T> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the dashboard in Chromium', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;
  let browser: Browser;
  let root: string;
  const cspViolations: string[] = [];

  /** A fresh tab (its own sessionStorage), signed in with `key` through the sign-in form. */
  async function signedIn(key: string, hash = ''): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });
    await page.goto(`${root}/${hash}`);
    await page.fill('input[name="credential"]', key);
    await page.click('form.sign-in button[type="submit"]');
    await page.waitForSelector('header.top .who');
    return page;
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    emu = await startTestEmulator({ seed: 'demo', tickIntervalMs: 100 });
    // Creating a pipeline starts it: GATED waits at its gate, QUICK is over in a moment.
    const declare = (name: string, stages: ReturnType<typeof stage>[]) =>
      emu.client.send(
        new CreatePipelineCommand({
          pipeline: { name, roleArn: ROLE_ARN, artifactStore: { ...ARTIFACT_STORE }, stages },
        }),
      );
    await declare(GATED, [
      stage('Source', quickSource()),
      stage('Approval', manualApprovalAction('Approve')),
      stage('Deploy', quickDeploy()),
    ]);
    await declare(QUICK, [stage('Source', quickSource()), stage('Deploy', quickDeploy())]);
    gateway = await startTestGateway(emu.url, {
      env: {
        API_KEYS,
        POLL_FAST_INTERVAL_MS: '250',
        POLL_CALLS_PER_SECOND: '100',
        // The page reads afresh after every event; the cached state must not be older than the event.
        CACHE_TTL_STATE_SECONDS: '0',
        CACHE_TTL_EXECUTIONS_SECONDS: '0',
      },
    });
    root = gateway.url.replace(/\/graphql$/, '');
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await emu?.close();
  });

  it('asks for a credential, keeps it in sessionStorage only, and shows every seeded pipeline by account and region', async () => {
    const page = await signedIn(KEYS.operator);
    await page.waitForSelector('[data-pipeline]');
    const expected = await gql<{ pipelines: { nodes: { name: string }[] } }>(
      gateway,
      KEYS.operator,
      '{ pipelines(first: 100) { nodes { name } } }',
    );
    await page.waitForFunction(
      (n) =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll('article[data-pipeline]').length ===
        n,
      expected.pipelines.nodes.length,
    );
    const shown = await page.$$eval('article[data-pipeline]', (els) =>
      els.map((e) => e.getAttribute('data-pipeline')),
    );
    expect(shown.sort()).toEqual(expected.pipelines.nodes.map((p) => p.name).sort());
    expect(shown).toEqual(
      expect.arrayContaining(['payments-api', 'flaky-integration-tests', 'legacy-monolith']),
    );
    // Grouped: an account heading, then a region.
    expect(
      await page.$$eval('section.account[data-account] section.region[data-region]', (els) => els.length),
    ).toBeGreaterThan(0);
    // Every stage carries its hook (the grid is drawn from the outline first; stages follow with the full read).
    await page.waitForSelector('[data-pipeline="payments-api"] [data-stage]');
    const stages = await page.$$eval('[data-pipeline="payments-api"] [data-stage]', (els) =>
      els.map((e) => e.getAttribute('data-stage')),
    );
    expect(stages).toEqual(['Source', 'Build', 'Staging', 'Approval', 'Production']);
    const storage = await page.evaluate(() => ({
      session: sessionStorage.getItem('cpgw.credential'),
      local: localStorage.length,
      cookie: (globalThis as unknown as PageGlobals).document.cookie,
    }));
    expect(storage).toEqual({ session: KEYS.operator, local: 0, cookie: '' });
    // The filter narrows the grid by name.
    await page.fill('input[name="filter"]', 'payments');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll('article[data-pipeline]').length ===
        1,
    );
    await page.fill('input[name="filter"]', '');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-grid.png'), fullPage: true });
    await page.context().close();
  });

  it('turns a pipeline InProgress within 2 s of a startPipelineExecution, with no reload and no polling', async () => {
    const page = await signedIn(KEYS.operator);
    const operations: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/graphql')) {
        operations.push(
          (/^\s*(?:query|mutation)\s+(\w+)/.exec(String(req.postDataJSON()?.query)) ?? [])[1] ?? '?',
        );
      }
    });
    await page.waitForSelector(`article[data-pipeline="${QUICK}"][data-status="Succeeded"]`, {
      timeout: 10_000,
    });
    await page.evaluate(() => ((globalThis as unknown as PageGlobals).stayed = true));
    const estateReads = operations.filter((o) => o === 'Estate').length;

    await gql(
      gateway,
      KEYS.operator,
      `mutation { startPipelineExecution(input: { name: "${GATED}" }) { pipelineExecutionId } }`,
    );
    const started = Date.now();
    await page.waitForSelector(`article[data-pipeline="${GATED}"][data-status="InProgress"]`, {
      timeout: 2_000,
    });
    expect(Date.now() - started).toBeLessThan(2_000);

    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).stayed)).toBe(true);
    // The page read the one pipeline the events named; it never re-read the estate.
    expect(operations.filter((o) => o === 'Estate').length).toBe(estateReads);
    expect(operations).not.toContain('?');
    await page.context().close();
  });

  it('lists a waiting approval in the inbox, and clicking Approve lets the execution go on', async () => {
    const page = await signedIn(KEYS.operator, '#/approvals');
    // GATED's first execution reaches the gate; the inbox hears of it through events.
    const waiting = `li.approval[data-approval="${GATED}/Approval/Approve"]`;
    const first = await page.waitForSelector(waiting, { timeout: 20_000 });
    const executionId = await first.getAttribute('data-execution');
    const item = `${waiting}[data-execution="${executionId}"]`;
    await page.fill(`${item} input[name="comment"]`, 'Looks good');
    await page.click(`${item} button[data-action="approve"]`);
    await page.waitForSelector(item, { state: 'detached', timeout: 10_000 });
    await until(async () => {
      const data = await gql<{
        pipelineExecution: { actionExecutions: { nodes: { actionName: string; status: string }[] } };
      }>(
        gateway,
        KEYS.operator,
        `query ($id: String!) { pipelineExecution(pipelineName: "${GATED}", pipelineExecutionId: $id) {
          actionExecutions(first: 10) { nodes { actionName status } } } }`,
        { id: executionId },
      );
      const runs = data.pipelineExecution.actionExecutions.nodes;
      return (
        runs.some((r) => r.actionName === 'Approve' && r.status === 'Succeeded') &&
        runs.some((r) => r.actionName === 'Deploy')
      );
    }, 'the approved execution to go on to Deploy');
    await page.context().close();
  });

  it('draws the pipeline page with its timeline and executions, and shows a refused action with its message and code', async () => {
    const page = await signedIn(KEYS.operator, `#/pipeline/${QUICK}`);
    await page.waitForSelector(`section.pipeline-page[data-pipeline="${QUICK}"]`);
    await page.waitForSelector(`section.pipeline-page[data-status="Succeeded"]`, { timeout: 20_000 });
    await page.waitForSelector('svg.timeline [data-bar="stage"][data-name="Deploy"]', { timeout: 10_000 });
    const bars = await page.$$eval('svg.timeline [data-bar]', (els) =>
      els.map(
        (e) =>
          `${e.getAttribute('data-bar')}:${e.getAttribute('data-name')}:${e.getAttribute('data-status')}`,
      ),
    );
    expect(bars).toEqual(
      expect.arrayContaining(['stage:Source:Succeeded', 'action:Source:Succeeded', 'stage:Deploy:Succeeded']),
    );
    expect(await page.$$eval('table.executions tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
    // Stopping a finished execution is refused by CodePipeline; the page says why, with the code.
    await page.click('section.pipeline-page button[data-action="stop"]');
    const error = await page.waitForSelector('section.pipeline-page .controls .error[data-error-code]');
    expect(await error.getAttribute('data-error-code')).toMatch(/^[A-Z_]+$/);
    expect((await error.textContent())?.length).toBeGreaterThan(10);

    await page.goto(`${root}/#/pipeline/payments-api`);
    await page.waitForSelector('svg.timeline rect.bar', { timeout: 10_000 });
    await page.waitForSelector('.revision a[href]');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-pipeline.png'), fullPage: true });
    await page.context().close();
  });

  it('shows a viewer no buttons: not in the grid, not in the inbox, not on a pipeline page', async () => {
    const page = await signedIn(KEYS.viewer);
    await page.waitForSelector('article[data-pipeline="payments-api"]');
    expect(await page.getAttribute('header.top .who', 'data-role')).toBe('viewer');
    expect(await page.$$eval('main button', (els) => els.length)).toBe(0);
    await page.goto(`${root}/#/approvals`);
    await page.waitForSelector('section.approvals h2');
    await page.waitForFunction(
      () => !(globalThis as unknown as PageGlobals).document.body.textContent?.includes('Loading…'),
    );
    expect(await page.$$eval('main button', (els) => els.length)).toBe(0);
    await page.goto(`${root}/#/pipeline/payments-api`);
    await page.waitForSelector('table.executions');
    // No control: the execution links and the read-only commit search (a search, not an action) aside.
    expect(
      await page.$$eval(
        'main button:not(.link)',
        (els) => els.filter((e) => !e.closest('section.revision-search')).length,
      ),
    ).toBe(0);
    expect(await page.$$eval('[data-action]', (els) => els.length)).toBe(0);
    await page.context().close();
  });

  it('ran every page under its CSP without a single violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
