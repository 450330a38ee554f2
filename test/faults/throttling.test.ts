import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../support/declarations';
import { report } from '../support/verbose';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { postGraphQL, seededRandom, type TimedResponse } from '../support/faults';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../support/processes';

/**
 * A real gateway process in front of an emulator that throttles half of all
 * calls. The emulator draws its verdicts from a seeded PRNG, so the run
 * repeats. The gateway keeps its default retry budget (AWS_MAX_ATTEMPTS=3,
 * the SDK's `standard` mode).
 */

jest.setTimeout(45_000);

const MAX_ATTEMPTS = 3;
const WARM = ['warm-0', 'warm-1', 'warm-2', 'warm-3'];
const COLD = Array.from({ length: 40 }, (_, i) => `cold-${i}`);
const PIPELINE_FIELDS = 'name stages { name latestExecution { status } }';
const WARM_QUERY = `{ ${WARM.map((name, i) => `p${i}: pipeline(name: "${name}") { ${PIPELINE_FIELDS} }`).join(' ')} }`;
const ONE_QUERY = `query One($name: String!) { pipeline(name: $name) { ${PIPELINE_FIELDS} } }`;

type PipelineData = { pipeline: { name: string; stages: unknown[] } | null };

const total = (stats: Record<string, number>): number => Object.values(stats).reduce((a, b) => a + b, 0);

describe('an upstream that throttles half of all calls', () => {
  let emu: TestEmulator;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    [emu] = await Promise.all([startTestEmulator({ random: seededRandom(50) }), ensureBuilt()]);
    for (const name of [...WARM, ...COLD, 'calibration']) {
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    emu.advance(30_000);
    gateway = await startGatewayProcess({
      CODEPIPELINE_ENDPOINT: emu.url,
      // Memory cache: this test stays off the shared Redis.
      REDIS_URL: '',
      AWS_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      // Everything warmed stays fresh for the whole test; answers are rebuilt from the loaders' cache.
      CACHE_TTL_STATE_SECONDS: '600',
      CACHE_TTL_LATEST_DECLARATION_SECONDS: '600',
      RESPONSE_CACHE_ENTRIES: '0',
      LOG_LEVEL: 'error',
    });
  });

  afterEach(async () => {
    await emu.admin('/_emulator/faults', {});
  });

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await gateway?.stopped;
    await emu?.close();
  });

  it('keeps serving cached reads without calling the upstream', async () => {
    const warm = await postGraphQL(gateway.url, WARM_QUERY);
    expect(warm.errors).toBeUndefined();
    expect(Object.keys(warm.data ?? {})).toHaveLength(WARM.length);

    await emu.admin('/_emulator/faults', { throttleRate: 0.5 });
    await emu.admin('/_emulator/stats/reset', {});
    const reads = await Promise.all(Array.from({ length: 20 }, () => postGraphQL(gateway.url, WARM_QUERY)));
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.errors).toBeUndefined();
      expect(read.data).toEqual(warm.data);
    }
    expect(await emu.stats()).toEqual({});
  });

  it('retries cold reads within the attempt budget, and reports what still fails as THROTTLED', async () => {
    // How many distinct upstream calls one cold read makes, measured with no faults.
    await emu.admin('/_emulator/stats/reset', {});
    const calibration = await postGraphQL<PipelineData>(gateway.url, ONE_QUERY, { name: 'calibration' });
    expect(calibration.errors).toBeUndefined();
    const callsPerRead = total(await emu.stats());
    expect(callsPerRead).toBeGreaterThanOrEqual(2);

    await emu.admin('/_emulator/faults', { throttleRate: 0.5 });
    await emu.admin('/_emulator/stats/reset', {});
    const reads: TimedResponse<PipelineData>[] = await Promise.all(
      COLD.map((name) => postGraphQL<PipelineData>(gateway.url, ONE_QUERY, { name })),
    );
    const calls = total(await emu.stats());
    const distinct = callsPerRead * COLD.length;

    const succeeded = reads.filter((r) => r.errors === undefined);
    const failed = reads.filter((r) => r.errors !== undefined);
    report(
      `throttle 50%: ${succeeded.length}/${COLD.length} cold reads succeeded; ` +
        `${calls} upstream calls for ${distinct} distinct (budget ${MAX_ATTEMPTS * distinct})`,
    );
    // Retries happened, and never past the budget of attempts per call.
    expect(calls).toBeGreaterThan(distinct);
    expect(calls).toBeLessThanOrEqual(MAX_ATTEMPTS * distinct);
    // Without retries about a quarter of the reads would succeed (both calls through); with them, most do.
    expect(succeeded.length).toBeGreaterThanOrEqual(COLD.length * 0.6);
    for (const read of succeeded) {
      expect(read.status).toBe(200);
      expect(read.data?.pipeline?.stages).toHaveLength(2);
    }
    for (const read of failed) {
      expect(read.status).toBe(200);
      for (const error of read.errors ?? []) {
        expect(error.extensions).toMatchObject({ code: 'THROTTLED', awsErrorName: 'ThrottlingException' });
      }
    }
  });
});
