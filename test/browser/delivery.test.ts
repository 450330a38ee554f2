import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { type Browser } from 'playwright-core';
import {
  ARTIFACT_STORE,
  codeBuildAction,
  connectionSourceAction,
  ROLE_ARN,
  stage,
} from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { launchChromium } from './support/browser';
import { ARTIFACTS, ensureWebBuilt } from './support/web-build';

/** The pipeline page's delivery metrics and revision search, in real Chromium. */

const KEY = 'delivery-operator-key-0123456789';
const NAME = 'delivery-page';
const released = randomBytes(20).toString('hex');

let emu: TestEmulator;
let gateway: TestGateway;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  emu = await startTestEmulator();
  await emu.client.send(
    new CreatePipelineCommand({
      pipeline: {
        name: NAME,
        roleArn: ROLE_ARN,
        artifactStore: { ...ARTIFACT_STORE },
        pipelineType: 'V2',
        stages: [
          stage('Source', connectionSourceAction('Source', 'SourceArtifact')),
          stage('Build', codeBuildAction('Build', 'SourceArtifact', 'BuildArtifact')),
        ],
      },
    }),
  );
  // Started at once (the emulator's clock not yet ahead of the page's), so it falls inside the page's window.
  await emu.client.send(
    new StartPipelineExecutionCommand({
      name: NAME,
      sourceRevisions: [{ actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: released }],
    }),
  );
  emu.advance(10 * 60_000);
  gateway = await startTestGateway(emu.url, { env: { API_KEYS: `${KEY} operator * ops` } });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await emu?.close();
});

it('shows the four delivery metrics on the pipeline page, and finds a commit by its short sha', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${gateway.url.replace(/\/graphql$/, '')}/#/pipeline/${NAME}`);
  await page.fill('input[name="credential"]', KEY);
  await page.click('form.sign-in button[type="submit"]');
  await page.waitForSelector(`[data-delivery="${NAME}"]`);
  const metrics = await page.$$eval(`[data-delivery="${NAME}"] [data-metric]`, (els) =>
    els.map((e) => e.getAttribute('data-metric')),
  );
  expect(metrics).toEqual(['deployment-frequency', 'lead-time', 'change-failure-rate', 'time-to-restore']);
  // The released commit's execution succeeded (CreatePipeline's may have been superseded by it).
  expect(await page.textContent('[data-metric="deployment-frequency"] dd')).toMatch(/^[12] · 0\.0\d\/day$/);
  expect(await page.textContent('[data-metric="change-failure-rate"] dd')).toContain('0 %');
  await page.fill('input[name="revision"]', released.slice(0, 7));
  await page.click('section.revision-search button[type="submit"]');
  await page.waitForSelector(`[data-revision="${released}"] [data-appearance="${NAME}"]`);
  expect(await page.textContent(`[data-appearance="${NAME}"]`)).toContain('Build');
  await page.screenshot({ path: join(ARTIFACTS, 'delivery-page.png'), fullPage: true });
}, 60_000);
