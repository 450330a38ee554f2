import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../aws/target';
import {
  type ExecutionLedger,
  type LedgerCoverage,
  type LedgerExecution,
  type LedgerRetention,
  newlyFinished,
  nextCoverage,
  type RevisionHit,
  revisionPrefix,
  SHORT_SHA_LENGTH,
} from './execution-ledger';

const DAY_MS = 24 * 3600_000;

/**
 * The execution ledger in Redis, shared by every replica:
 * - `ledger:x:<account>:<region>:<pipeline>`, a hash of execution id to its record;
 * - `ledger:c:<account>:<region>:<pipeline>`, the pipeline's coverage;
 * - `ledger:r:<revision>`, a sorted set of `<account>|<region>|<pipeline>|<execution>` scored by start time;
 * - `ledger:p:<first 7 characters>`, a sorted set of the full revisions with that prefix (short shas).
 * Revision keys live REVISION_INDEX_DAYS past their last write and drop older
 * members on each write; history keys live DELIVERY_HISTORY_DAYS, and records
 * older than that are dropped as they are read.
 */
export class RedisExecutionLedger implements ExecutionLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
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
    const [coverage] = await this.coverage(target, [pipelineName]);
    const previous = await this.executionsById(
      target,
      pipelineName,
      executions.map((e) => e.id),
    );
    // A lookup may have found a furthest stage the list does not carry: keep it.
    const merged = executions.map((e, i) => ({
      ...e,
      furthestStage: e.furthestStage ?? previous[i]?.furthestStage,
    }));
    await this.write(target, pipelineName, merged);
    const next = nextCoverage(coverage, executions, reachedEnd, nowMs);
    await this.redis.set(
      this.coverageKey(target, pipelineName),
      JSON.stringify(next),
      'PX',
      this.historyMs(),
    );
    return newlyFinished(previous, merged, coverage !== undefined);
  }

  update(target: Target, pipelineName: string, executions: LedgerExecution[]): Promise<void> {
    return this.write(target, pipelineName, executions);
  }

  async coverage(target: Target, pipelineNames: string[]): Promise<(LedgerCoverage | undefined)[]> {
    if (pipelineNames.length === 0) return [];
    const raw = await this.redis.mget(pipelineNames.map((name) => this.coverageKey(target, name)));
    return raw.map((value) => {
      if (!value) return undefined;
      const parsed = JSON.parse(value) as { fromMs: number | null; checkedAtMs: number; complete: boolean };
      return { ...parsed, fromMs: parsed.fromMs ?? -Infinity };
    });
  }

  async executions(
    target: Target,
    pipelineName: string,
    sinceMs: number,
    untilMs: number,
  ): Promise<LedgerExecution[]> {
    const key = this.historyKey(target, pipelineName);
    const all = Object.values(await this.redis.hgetall(key)).map((v) => JSON.parse(v) as LedgerExecution);
    const oldest = this.now() - this.historyMs();
    const expired = all.filter((e) => (e.startMs ?? Infinity) < oldest);
    if (expired.length > 0) await this.redis.hdel(key, ...expired.map((e) => e.id));
    return all.filter(
      (e) => e.startMs !== undefined && e.startMs >= oldest && e.startMs >= sinceMs && e.startMs < untilMs,
    );
  }

  async executionsById(
    target: Target,
    pipelineName: string,
    ids: string[],
  ): Promise<(LedgerExecution | undefined)[]> {
    if (ids.length === 0) return [];
    const raw = await this.redis.hmget(this.historyKey(target, pipelineName), ...ids);
    return raw.map((value) => (value ? (JSON.parse(value) as LedgerExecution) : undefined));
  }

  async findRevision(revisionId: string): Promise<Map<string, RevisionHit[]>> {
    const wanted = revisionId.toLowerCase();
    const candidates =
      revisionId.length >= SHORT_SHA_LENGTH
        ? (await this.redis.zrange(this.prefixKey(revisionId), 0, -1)).filter((full) =>
            full.toLowerCase().startsWith(wanted),
          )
        : [];
    const found = new Map<string, RevisionHit[]>();
    const oldest = this.now() - this.revisionMs();
    for (const full of new Set([...candidates, revisionId])) {
      const members = await this.redis.zrangebyscore(this.revisionKey(full), oldest, '+inf', 'WITHSCORES');
      const hits: RevisionHit[] = [];
      for (let i = 0; i + 1 < members.length; i += 2) {
        const [accountId, region, pipelineName, pipelineExecutionId] = (members[i] as string).split('|');
        if (!accountId || !region || !pipelineName || !pipelineExecutionId) continue;
        hits.push({
          target: { accountId, region },
          pipelineName,
          pipelineExecutionId,
          enteredAtMs: Number(members[i + 1]),
        });
      }
      if (hits.length > 0) found.set(full, hits);
    }
    return found;
  }

  private async write(target: Target, pipelineName: string, executions: LedgerExecution[]): Promise<void> {
    if (executions.length === 0) return;
    const multi = this.redis.multi();
    const historyKey = this.historyKey(target, pipelineName);
    multi.hset(historyKey, ...executions.flatMap((e) => [e.id, JSON.stringify(e)]));
    multi.pexpire(historyKey, this.historyMs());
    const oldest = this.now() - this.revisionMs();
    for (const execution of executions) {
      const enteredAtMs = execution.startMs ?? this.now();
      if (enteredAtMs < oldest) continue;
      for (const revision of execution.revisions) {
        const key = this.revisionKey(revision.revisionId);
        const member = [target.accountId, target.region, pipelineName, execution.id].join('|');
        multi.zadd(key, enteredAtMs, member);
        multi.zremrangebyscore(key, '-inf', `(${oldest}`);
        multi.pexpire(key, this.revisionMs());
        const prefixKey = this.prefixKey(revision.revisionId);
        multi.zadd(prefixKey, enteredAtMs, revision.revisionId);
        multi.zremrangebyscore(prefixKey, '-inf', `(${oldest}`);
        multi.pexpire(prefixKey, this.revisionMs());
      }
    }
    await multi.exec();
  }

  private historyMs(): number {
    return this.retention.historyDays * DAY_MS;
  }

  private revisionMs(): number {
    return this.retention.revisionIndexDays * DAY_MS;
  }

  private historyKey(target: Target, pipelineName: string): string {
    return `${this.prefix}ledger:x:${targetKey(target)}:${pipelineName}`;
  }

  private coverageKey(target: Target, pipelineName: string): string {
    return `${this.prefix}ledger:c:${targetKey(target)}:${pipelineName}`;
  }

  private revisionKey(revisionId: string): string {
    return `${this.prefix}ledger:r:${revisionId}`;
  }

  private prefixKey(revisionId: string): string {
    return `${this.prefix}ledger:p:${revisionPrefix(revisionId)}`;
  }
}
