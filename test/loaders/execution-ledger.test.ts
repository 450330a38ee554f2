import { type ExecutionLedger, type LedgerExecution } from '../../src/loaders/execution-ledger';
import { MemoryExecutionLedger } from '../../src/loaders/memory-execution-ledger';
import { RedisExecutionLedger } from '../../src/loaders/redis-execution-ledger';
import { connectTestRedis, type TestRedis } from '../support/redis';

/** One contract for the Redis ledger (shared by replicas) and the memory one (a single process). */

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 11, 6, 12);
const target = { accountId: '111111111111', region: 'eu-west-1' };
const other = { accountId: '222222222222', region: 'eu-west-1' };
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function execution(id: string, status: string, startMs: number, revisionId = SHA): LedgerExecution {
  return {
    id,
    status,
    startMs,
    updatedMs: startMs + 60_000,
    revisions: [{ actionName: 'Source', revisionId }],
  };
}

let redis: TestRedis;

beforeAll(async () => {
  redis = await connectTestRedis();
});

afterAll(async () => {
  await redis.cleanup();
});

const ledgers: [string, () => ExecutionLedger][] = [
  ['memory', () => new MemoryExecutionLedger({ revisionIndexDays: 30, historyDays: 90 }, () => NOW)],
  [
    'redis',
    () =>
      new RedisExecutionLedger(
        redis.redis,
        `${redis.prefix}${Math.random()}:`,
        { revisionIndexDays: 30, historyDays: 90 },
        () => NOW,
      ),
  ],
];

describe.each(ledgers)('the %s execution ledger', (_kind, make) => {
  it('finds a revision by its full id and by a short sha, in every pipeline and target, oldest first', async () => {
    const ledger = make();
    await ledger.recordHead(target, 'web', [execution('e2', 'Succeeded', NOW - 1000)], false, NOW);
    await ledger.recordHead(other, 'api', [execution('e1', 'Failed', NOW - 5000)], false, NOW);
    const found = await ledger.findRevision(SHA.slice(0, 7).toUpperCase());
    expect([...found.keys()]).toEqual([SHA]);
    expect(found.get(SHA)!.map((h) => [h.target.accountId, h.pipelineName, h.pipelineExecutionId])).toEqual([
      ['222222222222', 'api', 'e1'],
      ['111111111111', 'web', 'e2'],
    ]);
    expect((await ledger.findRevision(SHA)).get(SHA)).toHaveLength(2);
    expect((await ledger.findRevision(SHA.slice(0, 6))).size).toBe(0);
  });

  it('forgets revisions older than REVISION_INDEX_DAYS and history older than DELIVERY_HISTORY_DAYS', async () => {
    const ledger = make();
    await ledger.recordHead(
      target,
      'web',
      [
        execution('new', 'Succeeded', NOW - DAY),
        execution('old', 'Succeeded', NOW - 40 * DAY),
        execution('ancient', 'Succeeded', NOW - 100 * DAY),
      ],
      true,
      NOW,
    );
    expect((await ledger.findRevision(SHA)).get(SHA)!.map((h) => h.pipelineExecutionId)).toEqual(['new']);
    const kept = await ledger.executions(target, 'web', 0, NOW);
    expect(kept.map((e) => e.id).sort()).toEqual(['new', 'old']);
  });

  it('grows the coverage when a read overlaps it, and restarts it when a read does not', async () => {
    const ledger = make();
    await ledger.recordHead(
      target,
      'web',
      [execution('b', 'Succeeded', NOW - 2000), execution('a', 'Succeeded', NOW - 9000)],
      false,
      NOW - 1500,
    );
    expect((await ledger.coverage(target, ['web']))[0]).toEqual({
      fromMs: NOW - 9000,
      checkedAtMs: NOW - 1500,
      complete: false,
    });
    await ledger.recordHead(
      target,
      'web',
      [execution('c', 'InProgress', NOW - 1000), execution('b', 'Succeeded', NOW - 2000)],
      false,
      NOW,
    );
    expect(await ledger.coverage(target, ['web', 'api'])).toEqual([
      { fromMs: NOW - 9000, checkedAtMs: NOW, complete: false },
      undefined,
    ]);
    await ledger.recordHead(target, 'web', [execution('z', 'Succeeded', NOW + 5000)], false, NOW + 6000);
    expect((await ledger.coverage(target, ['web']))[0]).toMatchObject({
      fromMs: NOW + 5000,
      complete: false,
    });
  });

  it('answers the executions seen finishing, once, and only on a pipeline already covered', async () => {
    const ledger = make();
    const first = await ledger.recordHead(
      target,
      'web',
      [execution('a', 'Succeeded', NOW - 9000)],
      false,
      NOW - 8000,
    );
    expect(first).toEqual([]);
    const second = await ledger.recordHead(
      target,
      'web',
      [execution('b', 'InProgress', NOW - 5000), execution('a', 'Succeeded', NOW - 9000)],
      false,
      NOW - 4000,
    );
    expect(second).toEqual([]);
    const third = await ledger.recordHead(
      target,
      'web',
      [execution('b', 'Failed', NOW - 5000), execution('a', 'Succeeded', NOW - 9000)],
      false,
      NOW,
    );
    expect(third.map((e) => [e.id, e.status])).toEqual([['b', 'Failed']]);
  });

  it('keeps a furthest stage a lookup found when the next poll records the execution without one', async () => {
    const ledger = make();
    await ledger.recordHead(target, 'web', [execution('a', 'Succeeded', NOW - 9000)], false, NOW - 8000);
    await ledger.update(target, 'web', [
      {
        ...execution('a', 'Succeeded', NOW - 9000),
        furthestStage: { name: 'Deploy', reachedAtMs: NOW - 8500 },
      },
    ]);
    await ledger.recordHead(target, 'web', [execution('a', 'Succeeded', NOW - 9000)], false, NOW);
    const [stored] = await ledger.executionsById(target, 'web', ['a']);
    expect(stored?.furthestStage).toEqual({ name: 'Deploy', reachedAtMs: NOW - 8500 });
  });
});
