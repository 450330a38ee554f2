import type { ActionTypeId, PipelineDeclaration } from '@aws-sdk/client-codepipeline';

/**
 * What the change detector remembers of a pipeline between two polls, kept
 * in the SnapshotStore so a new leader diffs against what the last one saw.
 * Plain JSON (times as epoch ms) and small: the last ten executions, each
 * with its stages and action runs.
 */

/** Bumped when the shape changes; a snapshot of another version is treated as none. */
export const SNAPSHOT_FORMAT = 1;

/** One action run (an action execution id) of one execution. */
export interface ActionSnapshot {
  stageName: string;
  actionName: string;
  status: string;
  startMs?: number;
  /** When it last changed (its end, once finished). */
  updatedMs?: number;
  actionType?: ActionTypeId;
}

/** One stage of one execution. */
export interface StageSnapshot {
  status: string;
  startMs?: number;
  updatedMs?: number;
}

/** One execution and what ran in it. */
export interface ExecutionSnapshot {
  status: string;
  startMs?: number;
  updatedMs?: number;
  stages: Record<string, StageSnapshot>;
  /**
   * Action runs by action execution id. Absent when never read: finished
   * executions already present in the baseline are not read (nothing of them
   * is emitted), which saves a ListActionExecutions each.
   */
  actions?: Record<string, ActionSnapshot>;
}

/** The shape of a declaration the detector needs: stage order, action names and types. */
export interface DeclarationSummary {
  version?: number;
  stages: { name: string; actions: { name: string; actionType?: ActionTypeId }[] }[];
}

/** One pipeline as last seen. */
export interface PipelineSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  pipelineName: string;
  /** Epoch ms of the poll that produced it. */
  takenAtMs: number;
  /** The pipeline version GetPipelineState reported. */
  version?: number;
  declaration?: DeclarationSummary;
  executions: Record<string, ExecutionSnapshot>;
}

/** Execution statuses in which an execution still changes (and its pipeline is polled fast). */
const ACTIVE = new Set(['InProgress', 'Stopping']);

/** True while an execution, stage or action may still change on its own. */
export function isActiveStatus(status: string | undefined): boolean {
  return status !== undefined && ACTIVE.has(status);
}

/** True when any execution of the snapshot is still running. */
export function hasActiveExecution(snapshot: PipelineSnapshot | undefined): boolean {
  return Object.values(snapshot?.executions ?? {}).some((e) => isActiveStatus(e.status));
}

/** The declaration members the detector keeps. */
export function summarizeDeclaration(declaration: PipelineDeclaration | undefined): DeclarationSummary {
  return {
    version: declaration?.version,
    stages: (declaration?.stages ?? []).map((s) => ({
      name: s.name ?? '',
      actions: (s.actions ?? []).map((a) => ({ name: a.name ?? '', actionType: a.actionTypeId })),
    })),
  };
}

/** The declared type of an action, when the declaration names it. */
export function declaredActionType(
  declaration: DeclarationSummary | undefined,
  stageName: string,
  actionName: string,
): ActionTypeId | undefined {
  return declaration?.stages.find((s) => s.name === stageName)?.actions.find((a) => a.name === actionName)
    ?.actionType;
}

/** The text stored in the SnapshotStore. */
export function encodeSnapshot(snapshot: PipelineSnapshot): string {
  return JSON.stringify(snapshot);
}

/**
 * Reads a stored snapshot; anything unreadable, of another format or of
 * another pipeline is `undefined`, which makes the next poll a baseline
 * rather than a burst of invented events.
 */
export function decodeSnapshot(text: string | undefined, pipelineName: string): PipelineSnapshot | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<PipelineSnapshot>;
    if (parsed.format !== SNAPSHOT_FORMAT || parsed.pipelineName !== pipelineName) return undefined;
    if (typeof parsed.takenAtMs !== 'number' || typeof parsed.executions !== 'object') return undefined;
    return parsed as PipelineSnapshot;
  } catch {
    return undefined;
  }
}
