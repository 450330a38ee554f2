import type { ActionExecutionDetail, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { type Target } from '../aws/target';

/**
 * The execution ledger: what the gateway has seen of each pipeline's
 * executions, kept so that "where is my commit" and the delivery metrics are
 * answered from memory rather than by re-reading months of history. The live
 * side writes it as it polls; a query that finds a pipeline not covered
 * reads the missing executions once and writes them too. Finished executions
 * never change, so once recorded they cost nothing again.
 */

/** One source revision of an execution. */
export interface LedgerRevision {
  actionName?: string;
  revisionId: string;
  /** The commit message (a CodeStar connection's JSON summary is unwrapped). */
  summary?: string;
  url?: string;
}

/** The furthest stage an execution reached, and when it entered it. */
export interface LedgerStage {
  name: string;
  reachedAtMs?: number;
}

/** One execution as recorded: plain JSON, times as epoch ms. */
export interface LedgerExecution {
  id: string;
  status: string;
  startMs?: number;
  /** ListPipelineExecutions' lastUpdateTime: the end, once finished. */
  updatedMs?: number;
  /** `STANDARD` or `ROLLBACK`; a rollback is never a deployment (docs/delivery-metrics.md). */
  executionType?: string;
  triggerType?: string;
  revisions: LedgerRevision[];
  furthestStage?: LedgerStage;
}

/**
 * How much of a pipeline's history the ledger holds: every execution started
 * from `fromMs` on, as of `checkedAtMs` (the last read of the newest
 * executions). `complete` means the read reached the pipeline's first execution.
 */
export interface LedgerCoverage {
  fromMs: number;
  checkedAtMs: number;
  complete: boolean;
}

/** Where a revision was seen. */
export interface RevisionHit {
  target: Target;
  pipelineName: string;
  pipelineExecutionId: string;
  /** When the execution that carried it started. */
  enteredAtMs: number;
}

/** What the ledger stores and answers; Redis-backed across replicas, or in memory. */
export interface ExecutionLedger {
  /**
   * Records the newest executions of a pipeline, as one read of its list gave
   * them (newest first). `reachedEnd`: the read came to the pipeline's first
   * execution. The coverage grows when the read overlaps what was already
   * covered, and restarts from the read's oldest execution otherwise.
   * Answers the executions that finished since they were last recorded
   * (for the Prometheus counters), counting only pipelines already covered.
   */
  recordHead(
    target: Target,
    pipelineName: string,
    executions: LedgerExecution[],
    reachedEnd: boolean,
    nowMs: number,
  ): Promise<LedgerExecution[]>;
  /** Records executions without touching the coverage (a furthest stage found by a lookup). */
  update(target: Target, pipelineName: string, executions: LedgerExecution[]): Promise<void>;
  /** The coverage of each pipeline, in order; undefined where none. */
  coverage(target: Target, pipelineNames: string[]): Promise<(LedgerCoverage | undefined)[]>;
  /** The recorded executions of a pipeline that started in [sinceMs, untilMs). */
  executions(
    target: Target,
    pipelineName: string,
    sinceMs: number,
    untilMs: number,
  ): Promise<LedgerExecution[]>;
  /** Executions by id (those recorded). */
  executionsById(
    target: Target,
    pipelineName: string,
    ids: string[],
  ): Promise<(LedgerExecution | undefined)[]>;
  /**
   * Revisions equal to `revisionId`, or starting with it when it is a short
   * sha (7 characters or more), each with where it was seen, oldest first.
   */
  findRevision(revisionId: string): Promise<Map<string, RevisionHit[]>>;
}

/** Retention of the ledger (REVISION_INDEX_DAYS, DELIVERY_HISTORY_DAYS). */
export interface LedgerRetention {
  revisionIndexDays: number;
  historyDays: number;
}

/** Statuses in which an execution will not change again. */
const FINISHED = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

/** True once an execution cannot change any more. */
export function isFinished(status: string | undefined): boolean {
  return status !== undefined && FINISHED.has(status);
}

/** The shortest revision prefix looked up (a short sha). */
export const SHORT_SHA_LENGTH = 7;

/** The key under which a revision's prefix is indexed: its first seven characters, lower-cased. */
export function revisionPrefix(revisionId: string): string {
  return revisionId.slice(0, SHORT_SHA_LENGTH).toLowerCase();
}

/**
 * A revision summary as people read it: CodeStar connections give JSON
 * (`{"ProviderType":"GitHub","CommitMessage":"..."}`), others the message itself.
 */
export function commitMessage(summary: string | undefined): string | undefined {
  if (summary === undefined || !summary.startsWith('{')) return summary;
  try {
    const parsed = JSON.parse(summary) as { CommitMessage?: unknown };
    return typeof parsed.CommitMessage === 'string' ? parsed.CommitMessage : summary;
  } catch {
    return summary;
  }
}

/** The ledger record of a ListPipelineExecutions entry. */
export function ledgerExecution(
  summary: PipelineExecutionSummary,
  furthestStage?: LedgerStage,
): LedgerExecution {
  return {
    id: summary.pipelineExecutionId ?? '',
    status: summary.status ?? 'Unknown',
    startMs: summary.startTime?.getTime(),
    updatedMs: summary.lastUpdateTime?.getTime(),
    executionType: summary.executionType,
    triggerType: summary.trigger?.triggerType,
    revisions: (summary.sourceRevisions ?? []).flatMap((s) =>
      s.revisionId
        ? [
            {
              actionName: s.actionName,
              revisionId: s.revisionId,
              summary: commitMessage(s.revisionSummary),
              url: s.revisionUrl,
            },
          ]
        : [],
    ),
    ...(furthestStage ? { furthestStage } : {}),
  };
}

/**
 * The furthest stage of an execution from its action runs: the stage whose
 * first action started last (stages run in order, so it is the last one
 * entered), entered when that first action started.
 */
export function furthestStageOf(
  runs: readonly { stageName?: string; startMs?: number }[],
): LedgerStage | undefined {
  const entered = new Map<string, number>();
  for (const run of runs) {
    if (!run.stageName || run.startMs === undefined) continue;
    entered.set(run.stageName, Math.min(entered.get(run.stageName) ?? Infinity, run.startMs));
  }
  let best: LedgerStage | undefined;
  for (const [name, reachedAtMs] of entered) {
    if (!best || reachedAtMs >= (best.reachedAtMs ?? -Infinity)) best = { name, reachedAtMs };
  }
  return best;
}

/** {@link furthestStageOf} over ListActionExecutions details. */
export function furthestStageOfActions(details: readonly ActionExecutionDetail[]): LedgerStage | undefined {
  return furthestStageOf(details.map((d) => ({ stageName: d.stageName, startMs: d.startTime?.getTime() })));
}

/**
 * The new coverage after a read of the newest executions: extended when the
 * read reaches back into what was covered (nothing can hide in between,
 * the list being newest first), restarted from the read's oldest otherwise.
 */
export function nextCoverage(
  previous: LedgerCoverage | undefined,
  executions: readonly LedgerExecution[],
  reachedEnd: boolean,
  nowMs: number,
): LedgerCoverage {
  const oldest = Math.min(...executions.map((e) => e.startMs ?? Infinity));
  const overlaps = previous !== undefined && oldest <= previous.checkedAtMs;
  if (reachedEnd) return { fromMs: -Infinity, checkedAtMs: nowMs, complete: true };
  if (overlaps) return { ...previous, fromMs: Math.min(previous.fromMs, oldest), checkedAtMs: nowMs };
  return { fromMs: Number.isFinite(oldest) ? oldest : nowMs, checkedAtMs: nowMs, complete: false };
}

/** The executions of a record that finished since the previous record of them. */
export function newlyFinished(
  previous: readonly (LedgerExecution | undefined)[],
  next: readonly LedgerExecution[],
  wasCovered: boolean,
): LedgerExecution[] {
  return next.filter((execution, i) => {
    if (!isFinished(execution.status)) return false;
    const before = previous[i];
    return before ? !isFinished(before.status) : wasCovered;
  });
}
