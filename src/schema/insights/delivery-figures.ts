import { type LedgerExecution } from '../../loaders/execution-ledger';

/**
 * The delivery metrics of a set of executions, by the rules of
 * docs/delivery-metrics.md. Pure: the same figures whether the executions
 * came from the ledger or straight from ListPipelineExecutions.
 */

/** Median and 90th percentile, in seconds. */
export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

/** The figures of one pipeline or of a fleet. */
export interface DeliveryFigures {
  deployments: number;
  deploymentFrequencyPerDay: number;
  leadTime: Percentiles;
  changeFailureRate: number | null;
  timeToRestore: { mean: number | null; p50: number | null };
  executions: { status: string; count: number }[];
}

const DAY_MS = 24 * 3600_000;

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** True for an execution that rolls a stage back: never a deployment, though its success restores. */
export function isRollback(execution: LedgerExecution): boolean {
  return (
    execution.executionType === 'ROLLBACK' ||
    execution.triggerType === 'AutomatedRollback' ||
    execution.triggerType === 'ManualRollback'
  );
}

/** Seconds from a succeeded execution's start to its success. */
function leadSeconds(execution: LedgerExecution): number | undefined {
  if (execution.startMs === undefined || execution.updatedMs === undefined) return undefined;
  return (execution.updatedMs - execution.startMs) / 1000;
}

/**
 * Restores of one pipeline: from the end of the first failure after a
 * success (or after the window's start) to the end of the next success,
 * in seconds. A failure not yet followed by a success is no restore.
 */
export function restoreSeconds(executions: readonly LedgerExecution[]): number[] {
  const ordered = [...executions]
    .filter((e) => e.status === 'Succeeded' || e.status === 'Failed')
    .sort((a, b) => (a.updatedMs ?? 0) - (b.updatedMs ?? 0));
  const restores: number[] = [];
  let failedAtMs: number | undefined;
  for (const execution of ordered) {
    if (execution.status === 'Failed') failedAtMs ??= execution.updatedMs;
    else if (failedAtMs !== undefined && execution.updatedMs !== undefined) {
      restores.push((execution.updatedMs - failedAtMs) / 1000);
      failedAtMs = undefined;
    }
  }
  return restores;
}

/**
 * The figures over a window. `perPipeline` holds each pipeline's executions
 * started in [sinceMs, untilMs) (restores are found within each pipeline,
 * then pooled).
 */
export function deliveryFigures(
  perPipeline: readonly (readonly LedgerExecution[])[],
  sinceMs: number,
  untilMs: number,
): DeliveryFigures {
  const all = perPipeline.flat();
  const deployments = all.filter((e) => e.status === 'Succeeded' && !isRollback(e));
  const failed = all.filter((e) => e.status === 'Failed' && !isRollback(e)).length;
  const leads = deployments.flatMap((e) => leadSeconds(e) ?? []).sort((a, b) => a - b);
  const restores = perPipeline.flatMap((executions) => restoreSeconds(executions)).sort((a, b) => a - b);
  const counts = new Map<string, number>();
  for (const e of all) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const days = Math.max(untilMs - sinceMs, 1) / DAY_MS;
  const judged = deployments.length + failed;
  return {
    deployments: deployments.length,
    deploymentFrequencyPerDay: deployments.length / days,
    leadTime: { p50: percentile(leads, 50), p90: percentile(leads, 90) },
    changeFailureRate: judged === 0 ? null : failed / judged,
    timeToRestore: {
      mean: restores.length === 0 ? null : restores.reduce((sum, s) => sum + s, 0) / restores.length,
      p50: percentile(restores, 50),
    },
    executions: [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => ({ status, count })),
  };
}
