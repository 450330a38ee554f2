import { parseConfig } from '../../../src/server/config';
import { startGateway, type RunningGateway } from '../../../src/server/gateway';
import { EventPublisher } from '../../../src/emulator/events/publisher';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { idlePipeline } from '../../support/live';
import { EVENTS_KEY, type PushRig, startPushRig } from './push-harness';

/** Issue 12: POST /events refuses what is not CodePipeline's events from the API destination. */

const EVENT = {
  version: '0',
  id: '6b0f4a8e-0000-4000-8000-000000000001',
  'detail-type': 'CodePipeline Pipeline Execution State Change',
  source: 'aws.codepipeline',
  account: '123456789012',
  time: '2026-12-06T14:03:07Z',
  region: 'us-east-1',
  resources: ['arn:aws:codepipeline:us-east-1:123456789012:somewhere'],
  detail: { pipeline: 'somewhere', 'execution-id': 'e-1', state: 'STARTED', version: 1 },
};

describe('POST /events', () => {
  let rig: PushRig;
  const post = (body: string, headers: Record<string, string> = { 'x-api-key': EVENTS_KEY }) =>
    fetch(`${rig.base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    rig = await startPushRig();
  });

  afterAll(async () => {
    await rig.close();
  });

  it('answers 401 without a key or with a wrong one', async () => {
    expect((await post(JSON.stringify(EVENT), {})).status).toBe(401);
    const wrong = await post(JSON.stringify(EVENT), { 'x-api-key': `${EVENTS_KEY}x` });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('answers 400 to a body that is not JSON, not an event, or no event at all', async () => {
    expect((await post('{"version":')).status).toBe(400);
    expect((await post(JSON.stringify({ ...EVENT, source: 'aws.s3' }))).status).toBe(400);
    expect((await post(JSON.stringify({ ...EVENT, detail: { pipeline: 'p' } }))).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    // One bad event in a batch refuses the batch: nothing is half-taken.
    const mixed = await post(JSON.stringify([EVENT, { hello: 'world' }]));
    expect(mixed.status).toBe(400);
    expect(((await mixed.json()) as { error: { message: string } }).error.message).toContain('event 1');
  });

  it('answers 413 over 256 KB', async () => {
    const big = { ...EVENT, detail: { ...EVENT.detail, padding: 'x'.repeat(256 * 1024) } };
    expect((await post(JSON.stringify(big))).status).toBe(413);
  });

  it('answers 405 to anything but POST', async () => {
    const res = await fetch(`${rig.base}/events`, { headers: { 'x-api-key': EVENTS_KEY } });
    expect(res.status).toBe(405);
  });

  it('ignores and counts events of an account or region no target has', async () => {
    const res = await post(
      JSON.stringify([
        { ...EVENT, account: '999999999999' },
        { ...EVENT, region: 'eu-west-3' },
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 0, ignored: 2 });
    const metrics = await (await fetch(`${rig.base}/metrics`)).text();
    expect(metrics).toMatch(/cpgw_events_received_total\{outcome="ignored"\} 2/);
  });

  it('takes one event or an array of them', async () => {
    const one = await post(JSON.stringify(EVENT));
    expect(await one.json()).toEqual({ accepted: 1, ignored: 0 });
    const two = await post(JSON.stringify([EVENT, { ...EVENT, id: 'other' }]));
    expect(await two.json()).toEqual({ accepted: 2, ignored: 0 });
    const metrics = await (await fetch(`${rig.base}/metrics`)).text();
    expect(metrics).toMatch(/cpgw_events_received_total\{outcome="accepted"\} 3/);
  });
});

describe('the emulator sending with a wrong key', () => {
  let emu: TestEmulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    emu = await startTestEmulator({ clockSpeed: 0 });
    gateway = await startGateway(
      parseConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CODEPIPELINE_ENDPOINT: emu.url,
        AWS_MAX_ATTEMPTS: '1',
        LOG_LEVEL: 'error',
        EVENTS_API_KEY: EVENTS_KEY,
      }),
    );
    emu.emulator.events = new EventPublisher(emu.emulator, {
      url: gateway.url.replace(/\/graphql$/, '/events'),
      apiKey: 'not-the-key-at-all-000',
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  it('is refused with 401, which EventBridge retries, and nothing is delivered', async () => {
    await idlePipeline(emu, simplePipeline('refused'));
    await emu.emulator.events?.delivery.idle();
    const stats = emu.emulator.events?.delivery.stats();
    expect(stats?.delivered).toBe(0);
    expect(stats?.retried).toBeGreaterThan(0);
    expect(stats?.failed).toBeGreaterThan(0);
  });
});

describe('POST /events without EVENTS_API_KEY', () => {
  it('is not there: 404', async () => {
    const emu = await startTestEmulator({ clockSpeed: 0 });
    const gateway = await startGateway(
      parseConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CODEPIPELINE_ENDPOINT: emu.url,
        AWS_MAX_ATTEMPTS: '1',
        LOG_LEVEL: 'error',
      }),
    );
    try {
      const res = await fetch(gateway.url.replace(/\/graphql$/, '/events'), {
        method: 'POST',
        headers: { 'x-api-key': EVENTS_KEY },
        body: JSON.stringify(EVENT),
      });
      expect(res.status).toBe(404);
    } finally {
      await gateway.close();
      await emu.close();
    }
  });
});
