import { diffSnapshots, stepsBetween } from '../../src/subscriptions/diff';
import {
  type ActionSnapshot,
  type ExecutionSnapshot,
  type PipelineSnapshot,
  SNAPSHOT_FORMAT,
} from '../../src/subscriptions/snapshot';
import { eventLines as lines } from './harness';

const T0 = Date.UTC(2025, 0, 1);
const CONTEXT = {
  accountId: '123456789012',
  region: 'us-east-1',
  detectedAt: '2025-01-01T01:00:00.000Z',
  nowMs: T0,
};
const BUILD = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } as const;
const MANUAL = { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } as const;

function snapshot(executions: Record<string, ExecutionSnapshot>): PipelineSnapshot {
  return { format: SNAPSHOT_FORMAT, pipelineName: 'app', takenAtMs: T0, version: 3, executions };
}

function action(
  stageName: string,
  actionName: string,
  status: string,
  startS: number,
  endS?: number,
): ActionSnapshot {
  return {
    stageName,
    actionName,
    status,
    startMs: T0 + startS * 1000,
    updatedMs: T0 + (endS ?? startS) * 1000,
    actionType: actionName === 'Approve' ? MANUAL : BUILD,
  };
}

/** A two-stage execution that ran in full: Source 0–5 s, Build 5–10 s. */
function finished(id: string, offsetS = 0): ExecutionSnapshot {
  return {
    status: 'Succeeded',
    startMs: T0 + offsetS * 1000,
    updatedMs: T0 + (offsetS + 10) * 1000,
    stages: {
      Source: { status: 'Succeeded', startMs: T0 + offsetS * 1000, updatedMs: T0 + (offsetS + 5) * 1000 },
      Build: {
        status: 'Succeeded',
        startMs: T0 + (offsetS + 5) * 1000,
        updatedMs: T0 + (offsetS + 10) * 1000,
      },
    },
    actions: {
      [`${id}-a1`]: action('Source', 'Source', 'Succeeded', offsetS, offsetS + 5),
      [`${id}-a2`]: action('Build', 'Build', 'Succeeded', offsetS + 5, offsetS + 10),
    },
  };
}

const FULL_RUN = [
  'e1 PIPELINE InProgress<-',
  'e1 STAGE Source InProgress<-',
  'e1 ACTION Source/Source InProgress<-',
  'e1 ACTION Source/Source Succeeded<-InProgress',
  'e1 STAGE Source Succeeded<-InProgress',
  'e1 STAGE Build InProgress<-',
  'e1 ACTION Build/Build InProgress<-',
  'e1 ACTION Build/Build Succeeded<-InProgress',
  'e1 STAGE Build Succeeded<-InProgress',
  'e1 PIPELINE Succeeded<-InProgress',
];

describe('diffSnapshots', () => {
  it('emits nothing for the first snapshot: it is the baseline', () => {
    expect(diffSnapshots(undefined, snapshot({ e1: finished('e1') }), CONTEXT)).toEqual([]);
  });

  it('emits nothing when nothing changed', () => {
    const s = snapshot({ e1: finished('e1') });
    expect(diffSnapshots(s, structuredClone(s), CONTEXT)).toEqual([]);
  });

  it('tells a whole execution that ran between two polls, in causal order', () => {
    const events = diffSnapshots(snapshot({}), snapshot({ e1: finished('e1') }), CONTEXT);
    expect(lines(events)).toEqual(FULL_RUN);
    expect(events[6]).toEqual({
      kind: 'ACTION_EXECUTION_STATE_CHANGE',
      accountId: '123456789012',
      region: 'us-east-1',
      pipelineName: 'app',
      version: 3,
      pipelineExecutionId: 'e1',
      stageName: 'Build',
      actionName: 'Build',
      actionType: BUILD,
      state: 'InProgress',
      previousState: undefined,
      detectedAt: CONTEXT.detectedAt,
    });
  });

  it('keeps causal order when upstream times disagree with it', () => {
    const e1 = finished('e1');
    // Every time equal, and the execution's own times later than its actions'.
    for (const a of Object.values(e1.actions ?? {})) a.startMs = a.updatedMs = T0;
    for (const s of Object.values(e1.stages)) s.startMs = s.updatedMs = T0;
    e1.startMs = e1.updatedMs = T0 + 60_000;
    const out = lines(diffSnapshots(snapshot({}), snapshot({ e1 }), CONTEXT));
    const at = (line: string) => out.indexOf(line);
    expect(out).toHaveLength(10);
    expect(at('e1 PIPELINE InProgress<-')).toBe(0);
    expect(at('e1 PIPELINE Succeeded<-InProgress')).toBe(9);
    for (const [stage, act] of [
      ['Source', 'Source/Source'],
      ['Build', 'Build/Build'],
    ]) {
      expect(at(`e1 STAGE ${stage} InProgress<-`)).toBeLessThan(at(`e1 ACTION ${act} InProgress<-`));
      expect(at(`e1 ACTION ${act} InProgress<-`)).toBeLessThan(at(`e1 ACTION ${act} Succeeded<-InProgress`));
      expect(at(`e1 ACTION ${act} Succeeded<-InProgress`)).toBeLessThan(
        at(`e1 STAGE ${stage} Succeeded<-InProgress`),
      );
    }
  });

  it('reports only what moved since the previous snapshot', () => {
    const before = finished('e1');
    before.status = 'InProgress';
    before.stages.Build = { status: 'InProgress', startMs: T0 + 5000, updatedMs: T0 + 5000 };
    before.actions = { ...before.actions, 'e1-a2': action('Build', 'Build', 'InProgress', 5) };
    expect(lines(diffSnapshots(snapshot({ e1: before }), snapshot({ e1: finished('e1') }), CONTEXT))).toEqual(
      FULL_RUN.slice(7),
    );
  });

  it('follows an approval into APPROVAL_NEEDED right after its action starts', () => {
    const waiting: ExecutionSnapshot = {
      status: 'InProgress',
      startMs: T0,
      updatedMs: T0 + 5000,
      stages: {
        Source: { status: 'Succeeded', startMs: T0, updatedMs: T0 + 5000 },
        Approval: { status: 'InProgress', startMs: T0 + 5000, updatedMs: T0 + 5000 },
      },
      actions: {
        a1: action('Source', 'Source', 'Succeeded', 0, 5),
        a2: action('Approval', 'Approve', 'InProgress', 5),
      },
    };
    const events = diffSnapshots(snapshot({}), snapshot({ e1: waiting }), CONTEXT);
    expect(lines(events).slice(-3)).toEqual([
      'e1 STAGE Approval InProgress<-',
      'e1 ACTION Approval/Approve InProgress<-',
      'e1 APPROVAL_NEEDED Approval/Approve InProgress<-',
    ]);
    expect(events.at(-1)?.actionType).toEqual(MANUAL);
    // Once approved, no second APPROVAL_NEEDED.
    const approved = structuredClone(waiting);
    (approved.actions as Record<string, ActionSnapshot>).a2 = action(
      'Approval',
      'Approve',
      'Succeeded',
      5,
      7,
    );
    approved.stages.Approval = { status: 'Succeeded', startMs: T0 + 5000, updatedMs: T0 + 7000 };
    expect(lines(diffSnapshots(snapshot({ e1: waiting }), snapshot({ e1: approved }), CONTEXT))).toEqual([
      'e1 ACTION Approval/Approve Succeeded<-InProgress',
      'e1 STAGE Approval Succeeded<-InProgress',
    ]);
  });

  it('tracks concurrent executions (PARALLEL mode) each on its own, interleaved by time', () => {
    const events = diffSnapshots(
      snapshot({}),
      snapshot({ e1: finished('e1'), e2: finished('e2', 1) }),
      CONTEXT,
    );
    const of = (id: string) => lines(events).filter((l) => l.startsWith(id));
    expect(of('e1')).toEqual(FULL_RUN);
    expect(of('e2')).toEqual(FULL_RUN.map((l) => l.replace('e1', 'e2')));
    expect(lines(events).slice(0, 2)).toEqual(['e1 PIPELINE InProgress<-', 'e1 STAGE Source InProgress<-']);
  });

  it('tells a stage retried between polls (Failed, then a new run) as a restart', () => {
    const failed = finished('e1');
    failed.status = 'Failed';
    failed.stages.Build = { status: 'Failed', startMs: T0 + 5000, updatedMs: T0 + 10_000 };
    (failed.actions as Record<string, ActionSnapshot>)['e1-a2'] = action('Build', 'Build', 'Failed', 5, 10);
    const retried = structuredClone(failed);
    retried.status = 'Succeeded';
    retried.stages.Build = { status: 'Succeeded', startMs: T0 + 20_000, updatedMs: T0 + 25_000 };
    (retried.actions as Record<string, ActionSnapshot>)['e1-a3'] = action(
      'Build',
      'Build',
      'Succeeded',
      20,
      25,
    );
    expect(lines(diffSnapshots(snapshot({ e1: failed }), snapshot({ e1: retried }), CONTEXT))).toEqual([
      'e1 PIPELINE InProgress<-Failed',
      'e1 STAGE Build InProgress<-Failed',
      'e1 ACTION Build/Build InProgress<-',
      'e1 ACTION Build/Build Succeeded<-InProgress',
      'e1 STAGE Build Succeeded<-InProgress',
      'e1 PIPELINE Succeeded<-InProgress',
    ]);
  });

  it('does not take an execution that only slid out of the read window for a new one', () => {
    const ten = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`n${i}`, finished(`n${i}`, 100 + i)]),
    );
    const old = finished('old', 0);
    expect(diffSnapshots(snapshot(ten), snapshot({ ...ten, old }), CONTEXT)).toEqual([]);
  });

  it('does not replay runs that had ended before a baseline that did not read them', () => {
    const baseline = finished('e1');
    delete baseline.actions;
    const retried = finished('e1');
    retried.status = 'InProgress';
    retried.updatedMs = T0 + 30_000;
    retried.stages.Build = { status: 'InProgress', startMs: T0 + 30_000, updatedMs: T0 + 30_000 };
    (retried.actions as Record<string, ActionSnapshot>)['e1-a3'] = action('Build', 'Build', 'InProgress', 30);
    expect(lines(diffSnapshots(snapshot({ e1: baseline }), snapshot({ e1: retried }), CONTEXT))).toEqual([
      'e1 PIPELINE InProgress<-Succeeded',
      'e1 STAGE Build InProgress<-Succeeded',
      'e1 ACTION Build/Build InProgress<-',
    ]);
  });
});

describe('stepsBetween', () => {
  it('fills in the InProgress a poll did not see', () => {
    expect(stepsBetween(undefined, 'InProgress', false)).toEqual([{ phase: 'start', state: 'InProgress' }]);
    expect(stepsBetween(undefined, 'Failed', false).map((s) => s.state)).toEqual(['InProgress', 'Failed']);
    expect(stepsBetween('InProgress', 'Stopping', false)).toEqual([
      { phase: 'end', state: 'Stopping', previousState: 'InProgress' },
    ]);
    expect(stepsBetween('Stopping', 'Stopped', false)).toEqual([
      { phase: 'end', state: 'Stopped', previousState: 'Stopping' },
    ]);
    expect(stepsBetween('Failed', 'Succeeded', false)).toEqual([
      { phase: 'start', state: 'InProgress', previousState: 'Failed' },
      { phase: 'end', state: 'Succeeded', previousState: 'InProgress' },
    ]);
    expect(stepsBetween('Failed', 'Failed', false)).toEqual([]);
    expect(stepsBetween('Failed', 'Failed', true).map((s) => s.state)).toEqual(['InProgress', 'Failed']);
    expect(stepsBetween('InProgress', 'InProgress', true)).toEqual([]);
  });
});
