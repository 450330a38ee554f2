import { type Target, targetKey } from '../aws/target';
import {
  type ExecutionLedger,
  type LedgerCoverage,
  type LedgerExecution,
  type LedgerRetention,
  newlyFinished,
  nextCoverage,
  type RevisionHit,
  SHORT_SHA_LENGTH,
} from './execution-ledger';

const DAY_MS = 24 * 3600_000;

interface PipelineBook {
  target: Target;
  pipelineName: string;
  executions: Map<string, LedgerExecution>;
  coverage?: LedgerCoverage;
}

/**
 * The execution ledger of a single process (no Redis): the same contract as
 * RedisExecutionLedger, bounded by the same retention. Revisions are found by
 * scanning the books, which is fine for the one replica it serves.
 */
export class MemoryExecutionLedger implements ExecutionLedger {
  private readonly books = new Map<string, PipelineBook>();

  constructor(
    private readonly retention: LedgerRetention,
    private readonly now: () => number = Date.now,
  ) {}

  async recordHead(
    target: Target,
    pipelineName: string,
    executions: LedgerExecution[],
    reachedEnd: boolean,
    nowMs: number,
  ): Promise<LedgerExecution[]> {
    const book = this.book(target, pipelineName);
    const previous = executions.map((e) => book.executions.get(e.id));
    const merged = executions.map((e, i) => ({
      ...e,
      furthestStage: e.furthestStage ?? previous[i]?.furthestStage,
    }));
    await this.update(target, pipelineName, merged);
    const wasCovered = book.coverage !== undefined;
    book.coverage = nextCoverage(book.coverage, executions, reachedEnd, nowMs);
    return newlyFinished(previous, merged, wasCovered);
  }

  async update(target: Target, pipelineName: string, executions: LedgerExecution[]): Promise<void> {
    const book = this.book(target, pipelineName);
    for (const execution of executions) book.executions.set(execution.id, execution);
    this.prune(book);
  }

  async coverage(target: Target, pipelineNames: string[]): Promise<(LedgerCoverage | undefined)[]> {
    return pipelineNames.map((name) => this.books.get(this.key(target, name))?.coverage);
  }

  async executions(
    target: Target,
    pipelineName: string,
    sinceMs: number,
    untilMs: number,
  ): Promise<LedgerExecution[]> {
    const book = this.books.get(this.key(target, pipelineName));
    if (!book) return [];
    this.prune(book);
    return [...book.executions.values()].filter(
      (e) => e.startMs !== undefined && e.startMs >= sinceMs && e.startMs < untilMs,
    );
  }

  async executionsById(
    target: Target,
    pipelineName: string,
    ids: string[],
  ): Promise<(LedgerExecution | undefined)[]> {
    const book = this.books.get(this.key(target, pipelineName));
    return ids.map((id) => book?.executions.get(id));
  }

  async findRevision(revisionId: string): Promise<Map<string, RevisionHit[]>> {
    const wanted = revisionId.toLowerCase();
    const short = revisionId.length >= SHORT_SHA_LENGTH;
    const oldest = this.now() - this.retention.revisionIndexDays * DAY_MS;
    const found = new Map<string, RevisionHit[]>();
    for (const book of this.books.values()) {
      for (const execution of book.executions.values()) {
        const enteredAtMs = execution.startMs ?? 0;
        if (enteredAtMs < oldest) continue;
        for (const revision of execution.revisions) {
          const id = revision.revisionId;
          if (id !== revisionId && !(short && id.toLowerCase().startsWith(wanted))) continue;
          const hits = found.get(id) ?? [];
          hits.push({
            target: book.target,
            pipelineName: book.pipelineName,
            pipelineExecutionId: execution.id,
            enteredAtMs,
          });
          found.set(id, hits);
        }
      }
    }
    for (const hits of found.values()) hits.sort((a, b) => a.enteredAtMs - b.enteredAtMs);
    return found;
  }

  private prune(book: PipelineBook): void {
    const oldest = this.now() - this.retention.historyDays * DAY_MS;
    for (const [id, execution] of book.executions) {
      if ((execution.startMs ?? Infinity) < oldest) book.executions.delete(id);
    }
  }

  private book(target: Target, pipelineName: string): PipelineBook {
    const key = this.key(target, pipelineName);
    let book = this.books.get(key);
    if (!book) {
      book = {
        target: { accountId: target.accountId, region: target.region },
        pipelineName,
        executions: new Map(),
      };
      this.books.set(key, book);
    }
    return book;
  }

  private key(target: Target, pipelineName: string): string {
    return `${targetKey(target)}:${pipelineName}`;
  }
}
