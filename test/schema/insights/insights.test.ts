import { randomBytes } from 'node:crypto';
import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  type PipelineDeclaration,
  type PipelineExecutionSummary,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import {
  ARTIFACT_STORE,
  codeBuildAction,
  connectionSourceAction,
  ROLE_ARN,
  s3DeployAction,
  stage,
} from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectTestRedis, type TestRedis } from '../../support/redis';

/**
 * Delivery insights against the emulator: a known series of executions on
 * two pipelines, the metrics checked against figures computed here from
 * ListPipelineExecutions through the SDK, and a revision traced across both.
 */

let emu: TestEmulator;
let gateway: TestGateway;
let redis: TestRedis;
let sinceIso: string;

const MINUTE = 60_000;

/** Source → Build (with the outcome given) → Deploy. */
function deliveryPipeline(name: string, outcome: 'Succeeded' | 'Failed' = 'Succeeded'): PipelineDeclaration {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    stages: [
      stage('Source', connectionSourceAction('Source', 'SourceArtifact')),
      stage(
        'Build',
        codeBuildAction('Build', 'SourceArtifact', 'BuildArtifact', {
          EmulatorOutcome: outcome,
          EmulatorDurationMs: String(2 * MINUTE),
        }),
      ),
      stage('Deploy', s3DeployAction('Deploy', 'BuildArtifact', { EmulatorDurationMs: String(3 * MINUTE) })),
    ],
  };
}

const outcomes = new Map<string, 'Succeeded' | 'Failed'>();

/** Starts one execution and plays it to its end (ten simulated minutes); Build's outcome is set by UpdatePipeline. */
async function run(pipeline: string, outcome: 'Succeeded' | 'Failed', revision?: string): Promise<string> {
  if ((outcomes.get(pipeline) ?? 'Succeeded') !== outcome) {
    await emu.client.send(new UpdatePipelineCommand({ pipeline: deliveryPipeline(pipeline, outcome) }));
    outcomes.set(pipeline, outcome);
  }
  const { pipelineExecutionId } = await emu.client.send(
    new StartPipelineExecutionCommand({
      name: pipeline,
      sourceRevisions: revision
        ? [{ actionName: 'Source', revisionType: 'COMMIT_ID', revisionValue: revision }]
        : undefined,
    }),
  );
  emu.advance(10 * MINUTE);
  return pipelineExecutionId as string;
}

/** Starts one execution and stops it in its Build stage. */
async function stopped(pipeline: string): Promise<void> {
  const { pipelineExecutionId } = await emu.client.send(
    new StartPipelineExecutionCommand({ name: pipeline }),
  );
  emu.advance(MINUTE);
  await emu.client.send(
    new StopPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId, abandon: true }),
  );
  emu.advance(10 * MINUTE);
}

async function listAll(pipelineName: string): Promise<PipelineExecutionSummary[]> {
  const all: PipelineExecutionSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName, nextToken }));
    all.push(...(page.pipelineExecutionSummaries ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/** Nearest rank, written here apart from the gateway's. */
function rank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? null;
}

const end = (s: PipelineExecutionSummary): number => s.lastUpdateTime!.getTime();
const start = (s: PipelineExecutionSummary): number => s.startTime!.getTime();

/** The figures docs/delivery-metrics.md defines, computed from the SDK's list. */
function expectedFigures(perPipeline: PipelineExecutionSummary[][], days: number) {
  const all = perPipeline.flat();
  const succeeded = all.filter((s) => s.status === 'Succeeded');
  const failed = all.filter((s) => s.status === 'Failed');
  const restores: number[] = [];
  for (const executions of perPipeline) {
    let since: number | undefined;
    for (const s of [...executions].sort((a, b) => end(a) - end(b))) {
      if (s.status === 'Failed' && since === undefined) since = end(s);
      if (s.status === 'Succeeded' && since !== undefined) {
        restores.push((end(s) - since) / 1000);
        since = undefined;
      }
    }
  }
  const statuses = [...new Set(all.map((s) => s.status as string))].sort();
  return {
    deployments: succeeded.length,
    deploymentFrequencyPerDay: succeeded.length / days,
    leadTime: {
      p50: rank(
        succeeded.map((s) => (end(s) - start(s)) / 1000),
        50,
      ),
      p90: rank(
        succeeded.map((s) => (end(s) - start(s)) / 1000),
        90,
      ),
    },
    changeFailureRate: failed.length / (succeeded.length + failed.length),
    timeToRestore: {
      mean: restores.length ? restores.reduce((a, b) => a + b, 0) / restores.length : null,
      p50: rank(restores, 50),
    },
    executions: statuses.map((status) => ({ status, count: all.filter((s) => s.status === status).length })),
  };
}

const FIGURES = `deployments deploymentFrequencyPerDay leadTime { p50 p90 } changeFailureRate
  timeToRestore { mean p50 } executions { status count }`;

const REVISION = `query ($id: String!, $filter: RevisionFilter) {
  revision(revisionId: $id, filter: $filter) {
    revisionId summary url
    appearances {
      pipeline { name account region }
      execution { pipelineExecutionId status }
      status enteredAt
      furthestStage { name reachedAt }
    }
  }
}`;

interface Trail {
  revision: {
    revisionId: string;
    summary: string;
    url: string;
    appearances: {
      pipeline: { name: string };
      execution: { pipelineExecutionId: string; status: string };
      status: string;
      enteredAt: string;
      furthestStage: { name: string; reachedAt: string };
    }[];
  } | null;
}

const commit = (): string => randomBytes(20).toString('hex');
const released = commit();

beforeAll(async () => {
  emu = await startTestEmulator();
  sinceIso = new Date(emu.emulator.clock.nowMs() - 1000).toISOString();
  for (const name of ['web', 'api']) {
    await emu.client.send(new CreatePipelineCommand({ pipeline: deliveryPipeline(name) }));
  }
  emu.advance(10 * MINUTE);
  // web: success, success, failure, restore, a stop, then the released commit all the way.
  await run('web', 'Succeeded');
  await run('web', 'Succeeded');
  await run('web', 'Failed');
  await run('web', 'Succeeded');
  await stopped('web');
  await run('web', 'Succeeded', released);
  // api: two failures in a row restored by one success, another failure, then the commit failing in Build.
  await run('api', 'Succeeded');
  await run('api', 'Failed');
  await run('api', 'Failed');
  await run('api', 'Succeeded');
  await run('api', 'Failed', released);
  redis = await connectTestRedis();
  gateway = await startTestGateway(emu.url, { redis: true, redisKeyPrefix: redis.prefix });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await emu?.close();
  await redis?.cleanup();
});

describe('revision', () => {
  it('finds a commit started on both pipelines, each with the furthest stage it reached, oldest first', async () => {
    const res = await gateway.query<Trail>(REVISION, { id: released });
    expect(res.errors).toBeUndefined();
    const trail = res.data!.revision!;
    expect(trail.revisionId).toBe(released);
    expect(trail.url).toContain(released);
    expect(trail.summary).toEqual(expect.any(String));
    expect(trail.summary.startsWith('{')).toBe(false);
    expect(trail.appearances.map((a) => [a.pipeline.name, a.status, a.furthestStage.name])).toEqual([
      ['web', 'Succeeded', 'Deploy'],
      ['api', 'Failed', 'Build'],
    ]);
    expect(Date.parse(trail.appearances[0]!.enteredAt)).toBeLessThan(
      Date.parse(trail.appearances[1]!.enteredAt),
    );
    expect(res.extensions?.insights).toMatchObject({ complete: true, pipelines: 2, scanned: 2 });
    expect((res.extensions?.upstream as { calls: number }).calls).toBeGreaterThan(0);
  });

  it('finds it again by its short sha with no upstream call, from the ledger', async () => {
    const res = await gateway.query<Trail>(REVISION, { id: released.slice(0, 7) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.revision!.revisionId).toBe(released);
    expect(res.data!.revision!.appearances.map((a) => a.furthestStage.name)).toEqual(['Deploy', 'Build']);
    expect(res.extensions?.upstream).toMatchObject({ calls: 0 });
    expect(res.extensions?.insights).toMatchObject({ complete: true, indexed: 2, scanned: 0 });
  });

  it('keeps to the filter: only the pipelines it names', async () => {
    const res = await gateway.query<Trail>(REVISION, { id: released, filter: { pipelines: ['api'] } });
    expect(res.data!.revision!.appearances.map((a) => a.pipeline.name)).toEqual(['api']);
  });

  it('answers null for a commit no pipeline carried, and refuses an empty id', async () => {
    const none = await gateway.query<Trail>(REVISION, { id: commit() });
    expect(none.errors).toBeUndefined();
    expect(none.data!.revision).toBeNull();
    const empty = await gateway.query<Trail>(REVISION, { id: ' ' });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('deliveryMetrics', () => {
  it('equals the figures computed from ListPipelineExecutions, fleet-wide and per pipeline', async () => {
    const untilIso = new Date(emu.emulator.clock.nowMs() + 1000).toISOString();
    const days = (Date.parse(untilIso) - Date.parse(sinceIso)) / 86_400_000;
    const res = await gateway.query<{
      deliveryMetrics: Record<string, unknown> & {
        pipelines: { pipeline: { name: string }; metrics: unknown }[];
      };
    }>(
      `query ($since: DateTime!, $until: DateTime) {
        deliveryMetrics(since: $since, until: $until, filter: { names: ["web", "api"] }) {
          ${FIGURES} pipelines { pipeline { name } metrics { ${FIGURES} } }
        }
      }`,
      { since: sinceIso, until: untilIso },
    );
    expect(res.errors).toBeUndefined();
    const web = await listAll('web');
    const api = await listAll('api');
    const { pipelines, ...fleet } = res.data!.deliveryMetrics;
    expect(fleet).toEqual(expectedFigures([web, api], days));
    const byName = Object.fromEntries(pipelines.map((p) => [p.pipeline.name, p.metrics]));
    expect(byName['web']).toEqual(expectedFigures([web], days));
    expect(byName['api']).toEqual(expectedFigures([api], days));
    // The series as played (CreatePipeline runs once too): a stop is neither a deployment nor a failure.
    expect(byName['web']).toMatchObject({ deployments: 5, changeFailureRate: 1 / 6 });
    expect((byName['web'] as { executions: unknown[] }).executions).toContainEqual({
      status: 'Stopped',
      count: 1,
    });
    expect(byName['api']).toMatchObject({ deployments: 3, changeFailureRate: 3 / 6 });
    // Already in the ledger: no upstream call.
    expect(res.extensions?.upstream).toMatchObject({ calls: 0 });
  });

  it('gives one pipeline its own figures on Pipeline.deliveryMetrics', async () => {
    const res = await gateway.query<{ pipeline: { deliveryMetrics: Record<string, unknown> } }>(
      `query ($since: DateTime!, $until: DateTime) {
        pipeline(name: "api") { deliveryMetrics(since: $since, until: $until) { ${FIGURES} } }
      }`,
      // The emulator's clock runs ahead of the gateway's: `until` defaults to the gateway's now.
      { since: sinceIso, until: new Date(emu.emulator.clock.nowMs() + 1000).toISOString() },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.pipeline.deliveryMetrics).toMatchObject({ deployments: 3, changeFailureRate: 0.5 });
  });

  it('refuses a window that ends before it starts, naming the argument', async () => {
    const res = await gateway.query(
      `{ deliveryMetrics(since: "2026-01-02T00:00:00Z", until: "2026-01-01T00:00:00Z") { deployments } }`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/until/);
  });
});

describe('the live side', () => {
  it('indexes what it polls, so a new commit is found with no upstream call, and counts it for Prometheus', async () => {
    const fresh = commit();
    await gateway.live.poller.pollPipeline('web');
    await run('web', 'Succeeded', fresh);
    await gateway.live.poller.pollPipeline('web');
    const res = await gateway.query<Trail>(REVISION, { id: fresh, filter: { pipelines: ['web'] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.revision!.appearances).toHaveLength(1);
    expect(res.data!.revision!.appearances[0]).toMatchObject({
      status: 'Succeeded',
      furthestStage: { name: 'Deploy' },
    });
    expect(res.extensions?.upstream).toMatchObject({ calls: 0 });
    const metrics = await (await fetch(gateway.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(
      /codepipeline_executions_total\{account="\d{12}",region="[a-z0-9-]+",pipeline="web",status="Succeeded"\} 1/,
    );
    expect(metrics).toMatch(/codepipeline_lead_time_seconds_count\{[^}]*pipeline="web"[^}]*\} 1/);
    expect(metrics).toContain('codepipeline_execution_duration_seconds_bucket');
  });
});
