import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../support/declarations';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { connectTestRedis, type TestRedis } from '../support/redis';

const STATE_QUERY = `query S($name: String!) {
  pipeline(name: $name) {
    name
    stages { name latestExecution { pipelineExecutionId status } }
  }
}`;

interface StaleExtension {
  servedStale: boolean;
  maxAgeMs: number;
  entries: { kind: string; key: string; ageMs: number; reason: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serving stale on a throttle or an outage, whichever cache stands behind the loaders. */
function defineStaleSuite(cacheKind: 'memory' | 'redis'): void {
  describe(`stale on error (${cacheKind} cache)`, () => {
    let emu: TestEmulator;
    let gateway: TestGateway;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      emu = await startTestEmulator();
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('steady') }));
      emu.advance(30_000);
      if (cacheKind === 'redis') testRedis = await connectTestRedis();
      gateway = await startTestGateway(emu.url, {
        redis: cacheKind === 'redis',
        redisKeyPrefix: testRedis?.prefix,
        // Live state goes stale after a second; everything else stays fresh for the test.
        env: { CACHE_TTL_STATE_SECONDS: '1' },
      });
      expect(gateway.cacheKind).toBe(cacheKind);
    });

    afterEach(async () => {
      await emu.admin('/_emulator/faults', {});
    });

    afterAll(async () => {
      await gateway.close();
      await emu.close();
      await testRedis?.cleanup();
    });

    it.each([
      ['throttles every call', { throttleRate: 1 }, 'THROTTLED'],
      ['answers every call with a 5xx', { errorRate: 1 }, 'UPSTREAM_UNAVAILABLE'],
    ])('serves the last known state, flagged stale, when CodePipeline %s', async (_label, faults, reason) => {
      const warm = await gateway.query(STATE_QUERY, { name: 'steady' });
      expect(warm.errors).toBeUndefined();
      expect(warm.extensions?.stale).toBeUndefined();
      expect(warm.data).toMatchObject({
        pipeline: {
          stages: [{ name: 'Source', latestExecution: { status: 'Succeeded' } }, { name: 'Build' }],
        },
      });

      await emu.admin('/_emulator/faults', faults);
      await sleep(1_200);
      await emu.admin('/_emulator/stats/reset', {});
      const res = await gateway.query(STATE_QUERY, { name: 'steady' });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual(warm.data);
      const stale = res.extensions?.stale as StaleExtension;
      expect(stale.servedStale).toBe(true);
      expect(stale.maxAgeMs).toBeGreaterThanOrEqual(1_000);
      expect(stale.entries).toEqual([expect.objectContaining({ kind: 'state', reason })]);
      // The stale value stood in for a call that was really made and really failed.
      expect(await emu.stats()).toEqual({ GetPipelineState: 1 });

      await emu.admin('/_emulator/faults', {});
      const recovered = await gateway.query(STATE_QUERY, { name: 'steady' });
      expect(recovered.errors).toBeUndefined();
      expect(recovered.extensions?.stale).toBeUndefined();
    });
  });
}

defineStaleSuite('memory');
defineStaleSuite('redis');

describe('upstream failures with nothing cached', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    emu = await startTestEmulator();
    for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) {
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    emu.advance(30_000);
    gateway = await startTestGateway(emu.url);
  });

  afterEach(async () => {
    await emu.admin('/_emulator/faults', {});
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  it('fails a throttled read with THROTTLED, the AWS error name and the request id', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    const res = await gateway.query(STATE_QUERY, { name: 'alpha' });
    expect(res.data).toEqual({ pipeline: null });
    expect(res.errors).toHaveLength(1);
    const error = res.errors![0]!;
    expect(error.path).toEqual(['pipeline']);
    expect(error.extensions).toMatchObject({
      code: 'THROTTLED',
      awsErrorName: 'ThrottlingException',
      awsRequestId: expect.stringMatching(/\S/),
    });
    expect(error.message).toBe('Rate exceeded');
  });

  it('fails a read answered with a 5xx as UPSTREAM_UNAVAILABLE', async () => {
    await emu.admin('/_emulator/faults', { errorRate: 1 });
    const res = await gateway.query(STATE_QUERY, { name: 'bravo' });
    expect(res.data).toEqual({ pipeline: null });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      awsErrorName: 'InternalFailure',
      awsRequestId: expect.stringMatching(/\S/),
    });
  });

  it('does not cache an error: the same read succeeds once the faults clear', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    const failed = await gateway.query(STATE_QUERY, { name: 'charlie' });
    expect(failed.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    await emu.admin('/_emulator/faults', {});
    const res = await gateway.query(STATE_QUERY, { name: 'charlie' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      pipeline: { name: 'charlie', stages: [{ name: 'Source' }, { name: 'Build' }] },
    });
  });

  it('resolves a pipeline that exists next to one that does not, with no error', async () => {
    const res = await gateway.query(`{
      a: pipeline(name: "alpha") { name }
      b: pipeline(name: "missing") { name }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: { name: 'alpha' }, b: null });
  });

  it('gives a throttled key its own error without failing the rest of its batch', async () => {
    // Warm the declarations, so only GetPipelineState is in play.
    const names = ['delta', 'echo', 'alpha'];
    const warm = await gateway.query(
      `{ d: pipeline(name: "delta") { name } e: pipeline(name: "echo") { name } }`,
    );
    expect(warm.errors).toBeUndefined();
    // One GetPipelineState call per second: of three asked for at once, one gets through.
    await emu.admin('/_emulator/faults', { tps: { GetPipelineState: 1 } });
    await emu.admin('/_emulator/stats/reset', {});
    const res = await gateway.query<Record<string, { name: string; stages: unknown[] } | null>>(`{
      d: pipeline(name: "delta") { name stages { name latestExecution { status } } }
      e: pipeline(name: "echo") { name stages { name latestExecution { status } } }
      a: pipeline(name: "alpha") { name stages { name latestExecution { status } } }
    }`);
    expect(await emu.stats()).toMatchObject({ GetPipelineState: 3 });
    const aliases = ['d', 'e', 'a'];
    const resolved = aliases.filter((k) => res.data?.[k] !== null);
    const failed = aliases.filter((k) => res.data?.[k] === null);
    expect(resolved).toHaveLength(1);
    expect(failed).toHaveLength(2);
    const ok = res.data![resolved[0]!]!;
    expect(names).toContain(ok.name);
    expect(ok.stages).toEqual([
      { name: 'Source', latestExecution: { status: 'Succeeded' } },
      { name: 'Build', latestExecution: { status: 'Succeeded' } },
    ]);
    expect(res.errors).toHaveLength(2);
    expect(res.errors!.map((e) => e.path?.[0]).sort()).toEqual([...failed].sort());
    for (const error of res.errors!) {
      expect(error.path?.[1]).toBe('stages');
      expect(error.extensions).toMatchObject({ code: 'THROTTLED', awsErrorName: 'ThrottlingException' });
    }
  });
});

describe('upstream errors in production mode', () => {
  let emu: TestEmulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    emu = await startTestEmulator();
    gateway = await startTestGateway(emu.url, { env: { NODE_ENV: 'production', AUTH_MODE: 'none' } });
  });

  afterAll(async () => {
    await gateway.close();
    await emu.close();
  });

  it('carries the code, AWS error name and request id but no stack trace', async () => {
    await emu.admin('/_emulator/faults', { throttleRate: 1 });
    const res = await gateway.query(STATE_QUERY, { name: 'anything' });
    expect(res.data).toEqual({ pipeline: null });
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'THROTTLED',
      awsErrorName: 'ThrottlingException',
      awsRequestId: expect.stringMatching(/\S/),
    });
  });
});
