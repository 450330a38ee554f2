import type { ActionTypeId } from '@aws-sdk/client-codepipeline';
import { PipelineEventKind } from '../schema/subscriptions/pipeline-event';
import { type NewPipelineEvent } from './contracts';
import {
  type ActionSnapshot,
  type ExecutionSnapshot,
  isActiveStatus,
  type PipelineSnapshot,
  type StageSnapshot,
} from './snapshot';

/**
 * The change detector's judgement: which state changes happened between two
 * snapshots, in causal order. Pure: no clock, no upstream.
 *
 * A change that started and ended between two polls (an action that ran in
 * full, a whole execution) is reported as both steps, `InProgress` first.
 * Order: by the times upstream gives (start and last-update times), and on
 * equal times ends before starts; then causality is enforced whatever the
 * clocks say: an execution starts before its stages, a stage before its
 * actions, an action ends before its stage, a stage before its execution.
 */

/** Where the events happen and when they were seen. */
export interface DiffContext {
  accountId: string;
  region: string;
  /** ISO time of detection, stamped on every event. */
  detectedAt: string;
  /** Used for changes upstream gave no time for. */
  nowMs: number;
}

type Level = 'execution' | 'stage' | 'action';
type Phase = 'start' | 'end';

interface Transition {
  level: Level;
  phase: Phase;
  atMs: number;
  executionId: string;
  stageName?: string;
  actionKey?: string;
  actionName?: string;
  actionType?: ActionTypeId;
  state: string;
  previousState?: string;
  /** An approval that is waiting now: APPROVAL_NEEDED follows this start. */
  approvalNeeded?: boolean;
}

interface Step {
  phase: Phase;
  state: string;
  previousState?: string;
}

/** The steps from one status to another, filling in the `InProgress` a poll did not see. */
export function stepsBetween(before: string | undefined, after: string, restarted: boolean): Step[] {
  const startAndEnd = (from: string | undefined): Step[] => [
    { phase: 'start', state: 'InProgress', previousState: from },
    { phase: 'end', state: after, previousState: 'InProgress' },
  ];
  if (before === undefined) {
    return after === 'InProgress' ? [{ phase: 'start', state: after }] : startAndEnd(undefined);
  }
  if (before === after) return restarted && !isActiveStatus(after) ? startAndEnd(before) : [];
  if (after === 'InProgress') return [{ phase: 'start', state: after, previousState: before }];
  if (isActiveStatus(before)) return [{ phase: 'end', state: after, previousState: before }];
  return startAndEnd(before);
}

function isManualApproval(type: ActionTypeId | undefined): boolean {
  return type?.category === 'Approval' && type.owner === 'AWS' && type.provider === 'Manual';
}

/** Ranks for equal times: ends (innermost first), then starts (outermost first). */
const RANK: Record<Phase, Record<Level, number>> = {
  end: { action: 0, stage: 1, execution: 2 },
  start: { execution: 3, stage: 4, action: 5 },
};

/** The action runs of `next` that `before` had not seen, and the runs it had. */
function actionChanges(
  before: ExecutionSnapshot | undefined,
  next: ExecutionSnapshot,
): { key: string; run: ActionSnapshot; previous?: ActionSnapshot }[] {
  const out: { key: string; run: ActionSnapshot; previous?: ActionSnapshot }[] = [];
  for (const [key, run] of Object.entries(next.actions ?? {})) {
    const previous = before?.actions?.[key];
    // A baseline that did not read this execution's actions knew everything that had ended by then.
    if (before && !before.actions && !previous && !isActiveStatus(run.status)) {
      if ((run.updatedMs ?? 0) <= (before.updatedMs ?? 0)) continue;
    }
    out.push({ key, run, previous });
  }
  return out;
}

function executionTransitions(
  id: string,
  before: ExecutionSnapshot | undefined,
  next: ExecutionSnapshot,
  nowMs: number,
): Transition[] {
  const out: Transition[] = [];
  const timeOf = (phase: Phase, start?: number, updated?: number) =>
    (phase === 'start' ? start : updated) ?? nowMs;
  const restartedStages = new Set<string>();
  for (const { key, run, previous } of actionChanges(before, next)) {
    if (!previous) restartedStages.add(run.stageName);
    const approvalNeeded = isManualApproval(run.actionType) && run.status === 'InProgress';
    for (const step of stepsBetween(previous?.status, run.status, false)) {
      out.push({
        ...step,
        level: 'action',
        atMs: timeOf(step.phase, run.startMs, run.updatedMs),
        executionId: id,
        stageName: run.stageName,
        actionKey: key,
        actionName: run.actionName,
        actionType: run.actionType,
        approvalNeeded: approvalNeeded && step.phase === 'start',
      });
    }
  }
  for (const [name, stage] of Object.entries(next.stages)) {
    const previous: StageSnapshot | undefined = before?.stages[name];
    const restarted = restartedStages.has(name);
    for (const step of stepsBetween(previous?.status, stage.status, restarted)) {
      out.push({
        ...step,
        level: 'stage',
        atMs: timeOf(step.phase, stage.startMs ?? next.startMs, stage.updatedMs ?? next.updatedMs),
        executionId: id,
        stageName: name,
      });
    }
  }
  for (const step of stepsBetween(before?.status, next.status, restartedStages.size > 0)) {
    out.push({
      ...step,
      level: 'execution',
      atMs: timeOf(step.phase, next.startMs, next.updatedMs),
      executionId: id,
    });
  }
  return out;
}

/** The transitions `t` must follow: its own start, its parents' starts, its children's ends. */
function prerequisites(t: Transition, all: Transition[]): Transition[] {
  const sameExecution = (o: Transition) => o.executionId === t.executionId;
  const sameStage = (o: Transition) => sameExecution(o) && o.stageName === t.stageName;
  const isSelf = (o: Transition) => o.level === t.level && sameStage(o) && o.actionKey === t.actionKey;
  return all.filter((o) => {
    if (o === t) return false;
    if (t.phase === 'end') {
      if (o.phase === 'start') return isSelf(o);
      if (t.level === 'execution') return sameExecution(o) && o.level !== 'execution';
      if (t.level === 'stage') return sameStage(o) && o.level === 'action';
      return false;
    }
    if (o.phase !== 'start') return false;
    if (t.level === 'stage') return sameExecution(o) && o.level === 'execution';
    if (t.level === 'action') {
      return o.level === 'execution' ? sameExecution(o) : o.level === 'stage' && sameStage(o);
    }
    return false;
  });
}

/** Time order, then causal order wherever the times disagree with it. */
function causalOrder(transitions: Transition[]): Transition[] {
  const sorted = [...transitions].sort(
    (a, b) => a.atMs - b.atMs || RANK[a.phase][a.level] - RANK[b.phase][b.level],
  );
  const needs = new Map(sorted.map((t) => [t, prerequisites(t, sorted)]));
  const done = new Set<Transition>();
  const out: Transition[] = [];
  while (out.length < sorted.length) {
    const next =
      sorted.find((t) => !done.has(t) && (needs.get(t) ?? []).every((p) => done.has(p))) ??
      sorted.find((t) => !done.has(t));
    if (!next) break;
    done.add(next);
    out.push(next);
  }
  return out;
}

function kindOf(level: Level): PipelineEventKind {
  switch (level) {
    case 'execution':
      return PipelineEventKind.PIPELINE_EXECUTION_STATE_CHANGE;
    case 'stage':
      return PipelineEventKind.STAGE_EXECUTION_STATE_CHANGE;
    case 'action':
      return PipelineEventKind.ACTION_EXECUTION_STATE_CHANGE;
    default: {
      const never: never = level;
      throw new Error(`unknown level ${String(never)}`);
    }
  }
}

/**
 * The events between two snapshots of one pipeline, in causal order. With no
 * previous snapshot the answer is empty: the first snapshot is the baseline,
 * and what was already true before anyone watched is not a change.
 */
export function diffSnapshots(
  previous: PipelineSnapshot | undefined,
  next: PipelineSnapshot,
  context: DiffContext,
): NewPipelineEvent[] {
  if (!previous) return [];
  const known = Object.values(previous.executions);
  const oldestKnownStart = Math.min(...known.map((e) => e.startMs ?? Infinity));
  const transitions: Transition[] = [];
  for (const [id, execution] of Object.entries(next.executions)) {
    const before = previous.executions[id];
    // Not new, only out of the window the previous poll read.
    if (!before && (execution.startMs ?? Infinity) < oldestKnownStart && known.length >= 10) continue;
    transitions.push(...executionTransitions(id, before, execution, context.nowMs));
  }
  const base = {
    accountId: context.accountId,
    region: context.region,
    pipelineName: next.pipelineName,
    version: next.version,
    detectedAt: context.detectedAt,
  };
  return causalOrder(transitions).flatMap((t): NewPipelineEvent[] => {
    const event: NewPipelineEvent = {
      ...base,
      kind: kindOf(t.level),
      pipelineExecutionId: t.executionId,
      stageName: t.stageName,
      actionName: t.actionName,
      actionType: t.actionType,
      state: t.state,
      previousState: t.previousState,
    };
    if (!t.approvalNeeded) return [event];
    return [event, { ...event, kind: PipelineEventKind.APPROVAL_NEEDED }];
  });
}
