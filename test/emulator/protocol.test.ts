import { ListPipelinesCommand, ListActionTypesCommand } from '@aws-sdk/client-codepipeline';
import { OPERATION_NAMES } from '../../src/emulator/core/operations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});

afterAll(async () => {
  await emu.close();
});

beforeEach(async () => {
  await emu.admin('/_emulator/faults', {});
  await emu.admin('/_emulator/stats/reset', {});
});

async function raw(target: string | undefined, body: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== undefined) headers['x-amz-target'] = target;
  return fetch(`${emu.url}/`, { method: 'POST', headers, body });
}

describe('the AWS JSON 1.1 wire protocol', () => {
  it('has a handler for every one of the 44 operations', () => {
    expect(OPERATION_NAMES).toHaveLength(44);
    expect(emu.emulator.missingOperations()).toEqual([]);
  });

  it('answers with epoch-second timestamps and a request id header', async () => {
    const res = await raw('CodePipeline_20150709.ListPipelines', '{}');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await res.json()).toEqual({ pipelines: [] });
  });

  it('answers an unknown operation with UnknownOperationException and a request id', async () => {
    const res = await raw('CodePipeline_20150709.LaunchRockets', '{}');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('refuses a request without an x-amz-target header', async () => {
    const res = await raw(undefined, '{}');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('answers a broken JSON body with SerializationException', async () => {
    const res = await raw('CodePipeline_20150709.ListPipelines', '{"nextToken":');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('answers a JSON body that is not an object with SerializationException', async () => {
    const res = await raw('CodePipeline_20150709.ListPipelines', '[1,2]');
    expect(await res.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('the stats endpoint', () => {
  it('counts every call per operation, exactly', async () => {
    await emu.client.send(new ListPipelinesCommand({}));
    await emu.client.send(new ListPipelinesCommand({}));
    await emu.client.send(new ListActionTypesCommand({ actionOwnerFilter: 'AWS' }));
    expect(await emu.stats()).toEqual({ ListPipelines: 2, ListActionTypes: 1 });
  });

  it('counts calls that fail, since the gateway still made them', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    await expect(emu.client.send(new ListPipelinesCommand({}))).rejects.toThrow();
    expect(await emu.stats()).toEqual({ ListPipelines: 1 });
  });

  it('counts throttled answers per operation, from a throttle rate and from a tps limit alike', async () => {
    await emu.admin('/_emulator/faults', { tps: { ListPipelines: 1 } });
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => emu.client.send(new ListPipelinesCommand({}))),
    );
    const throttledByTps = results.filter((r) => r.status === 'rejected').length;
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    await expect(emu.client.send(new ListActionTypesCommand({}))).rejects.toThrow('Rate exceeded');
    const stats = (await emu.admin('/_emulator/stats')) as { throttled: Record<string, number> };
    expect(throttledByTps).toBe(2);
    expect(stats.throttled).toEqual({ ListPipelines: 2, ListActionTypes: 1 });
  });

  it('reports no throttled answers when nothing was throttled', async () => {
    await emu.client.send(new ListPipelinesCommand({}));
    expect(await emu.admin('/_emulator/stats')).toMatchObject({ total: 1, throttled: {} });
  });

  it('starts again from zero after a reset', async () => {
    await emu.client.send(new ListPipelinesCommand({}));
    await emu.admin('/_emulator/stats/reset', {});
    expect(await emu.stats()).toEqual({});
  });
});

describe('fault injection', () => {
  it('throttles exactly as AWS does, which the SDK surfaces as ThrottlingException', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    await expect(emu.client.send(new ListPipelinesCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('applies a per-operation rate limit and leaves other operations alone', async () => {
    await emu.admin('/_emulator/faults', { tps: { ListPipelines: 2 } });
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => emu.client.send(new ListPipelinesCommand({}))),
    );
    const throttled = results.filter((r) => r.status === 'rejected');
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    for (const r of throttled)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ name: 'ThrottlingException' });
    await expect(emu.client.send(new ListActionTypesCommand({}))).resolves.toBeDefined();
  });

  it('answers injected errors with a 5xx', async () => {
    await emu.admin('/_emulator/faults', { errorRate: 1 });
    await expect(emu.client.send(new ListPipelinesCommand({}))).rejects.toMatchObject({
      name: 'InternalFailure',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
  });

  it('delays answers by the injected latency', async () => {
    await emu.admin('/_emulator/faults', { latencyMs: 150 });
    const started = performance.now();
    await emu.client.send(new ListPipelinesCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects a fault setting out of range, naming it', async () => {
    const res = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ throttleRate: 2 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'throttleRate must be a number from 0 to 1' });
  });

  it('clears faults when given an empty setting', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    await emu.admin('/_emulator/faults', {});
    await expect(emu.client.send(new ListPipelinesCommand({}))).resolves.toBeDefined();
  });
});

describe('the clock endpoint', () => {
  it('moves simulated time forward on request', async () => {
    const before = (await emu.admin('/_emulator/clock')) as { now: number };
    const after = (await emu.admin('/_emulator/clock', { advanceMs: 60_000 })) as { now: number };
    expect(after.now - before.now).toBeGreaterThanOrEqual(60);
  });

  it('refuses a negative jump', async () => {
    const res = await fetch(`${emu.url}/_emulator/clock`, { method: 'POST', body: '{"advanceMs":-5}' });
    expect(res.status).toBe(400);
  });
});

describe('unknown admin routes', () => {
  it('answer 404 with a message', async () => {
    const res = await fetch(`${emu.url}/_emulator/nope`);
    expect(res.status).toBe(404);
  });
});
