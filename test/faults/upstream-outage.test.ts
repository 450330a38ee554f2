import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../support/declarations';
import { report } from '../support/verbose';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { postGraphQL, type TimedResponse, until } from '../support/faults';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../support/processes';

/**
 * A real gateway process (where the SDK keeps Node's network error codes,
 * unlike under jest's VM context) in front of an emulator that answers every
 * call with a 5xx, or never answers at all. Each upstream attempt is bounded
 * by UPSTREAM_TIMEOUT_MS, so with AWS_MAX_ATTEMPTS=3 and the SDK's backoff no
 * query can take much more than three timeouts.
 */

jest.setTimeout(45_000);

const TIMEOUT_MS = 500;
const MAX_ATTEMPTS = 3;
/** Three timed-out attempts, the SDK's backoff between them (under 100 + 200 ms for non-throttles), and slack. */
const ANSWER_BOUND_MS = MAX_ATTEMPTS * TIMEOUT_MS + 2_500;

const PIPELINES = Array.from({ length: 12 }, (_, i) => `outage-${i}`);
const ONE_QUERY = `query One($name: String!) { pipeline(name: $name) { name stages { name latestExecution { status } } } }`;
const LIST_QUERY = `{ pipelines(first: 5) { edges { node { name } } } }`;
const START_MUTATION = `mutation Start($name: String!) {
  startPipelineExecution(input: { name: $name }) { pipelineExecutionId }
}`;

type Scenario = readonly [label: string, faults: Record<string, number>, awsErrorName: string | undefined];

const SCENARIOS: readonly Scenario[] = [
  ['answers every call with a 5xx', { errorRate: 1 }, 'InternalFailure'],
  ['never answers', { hangRate: 1 }, undefined],
];

describe('an upstream that fails or hangs', () => {
  let emu: TestEmulator;
  let gateway: GatewayProcess;
  let base: string;
  let fresh = 0;
  /** A pipeline no earlier case has read, so nothing is cached for it. */
  const nextPipeline = (): string => PIPELINES[fresh++ % PIPELINES.length]!;

  beforeAll(async () => {
    [emu] = await Promise.all([startTestEmulator(), ensureBuilt()]);
    for (const name of PIPELINES) {
      await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
    }
    emu.advance(30_000);
    gateway = await startGatewayProcess({
      CODEPIPELINE_ENDPOINT: emu.url,
      REDIS_URL: '',
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      AWS_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      // Nothing may be served stale: every read below must go upstream and meet the fault.
      CACHE_STALE_SECONDS: '0',
      RESPONSE_CACHE_ENTRIES: '0',
      LOG_LEVEL: 'error',
    });
    base = gateway.url.replace(/\/graphql$/, '');
  });

  afterEach(async () => {
    await emu.admin('/_emulator/faults', {});
  });

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await gateway?.stopped;
    await emu?.close();
  });

  it.each(SCENARIOS)(
    'answers every query and mutation within its bound when CodePipeline %s',
    async (_label, faults, awsErrorName) => {
      await emu.admin('/_emulator/faults', faults);
      await emu.admin('/_emulator/stats/reset', {});
      const requests: Promise<TimedResponse>[] = [
        ...[1, 2, 3, 4].map(() => postGraphQL(gateway.url, ONE_QUERY, { name: nextPipeline() })),
        postGraphQL(gateway.url, LIST_QUERY),
        postGraphQL(gateway.url, START_MUTATION, { name: nextPipeline() }),
      ];
      // The client gives up well past the bound, so a hang shows as a slow answer, not a test timeout.
      const settled = await Promise.allSettled(requests);
      const answers: TimedResponse[] = [];
      for (const result of settled) {
        // A rejection here is the client's own 10 s abort: the gateway never answered.
        if (result.status === 'rejected')
          throw new Error(`a request got no answer: ${String(result.reason)}`);
        answers.push(result.value);
      }
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
        expect(answer.errors?.length).toBeGreaterThan(0);
        for (const error of answer.errors ?? []) {
          expect(error.extensions).toMatchObject({
            code: 'UPSTREAM_UNAVAILABLE',
            ...(awsErrorName ? { awsErrorName } : {}),
          });
        }
      }
      // Each distinct call (4 reads, 1 list, 1 start) was tried exactly AWS_MAX_ATTEMPTS times, never more.
      expect(await emu.stats()).toEqual({
        GetPipeline: 4 * MAX_ATTEMPTS,
        ListPipelines: MAX_ATTEMPTS,
        StartPipelineExecution: MAX_ATTEMPTS,
      });
      report(`upstream ${_label}: slowest answer ${Math.max(...answers.map((a) => a.elapsedMs))} ms`);
    },
  );

  it('reports unready within its own bound while CodePipeline hangs', async () => {
    await emu.admin('/_emulator/faults', { hangRate: 1 });
    const started = Date.now();
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(10_000) });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unready', checks: { upstream: { ok: false } } });
  });

  it('is healthy again, with no restart, once the faults clear', async () => {
    await emu.admin('/_emulator/faults', {});
    const alive = await fetch(`${base}/healthz`);
    expect(alive.status).toBe(200);
    const res = await postGraphQL<{ pipeline: { name: string } }>(gateway.url, ONE_QUERY, {
      name: 'outage-0',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.pipeline?.name).toBe('outage-0');
    // Readiness reuses its upstream answer for up to 5 s, then sees CodePipeline back.
    await until(
      'readiness to report ready',
      async () => {
        const r = await fetch(`${base}/readyz`);
        return r.status === 200 ? true : undefined;
      },
      8_000,
    );
    expect(gateway.output()).not.toMatch(/uncaught|unhandled/i);
  });
});
