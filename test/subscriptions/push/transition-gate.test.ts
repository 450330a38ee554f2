import { type Target } from '../../../src/aws/target';
import { RedisTransitionGate } from '../../../src/subscriptions/push/redis-transition-gate';
import {
  type GateItem,
  MemoryTransitionGate,
  orderOf,
  POLL_CLAIM,
  type TransitionGate,
} from '../../../src/subscriptions/push/transition-gate';
import { connectTestRedis, type TestRedis } from '../../support/redis';

/** The one dedup store of push and poll, in Redis and in memory: the same answers from both. */

const TARGET: Target = { accountId: '123456789012', region: 'us-east-1' };
const T0 = Date.parse('2026-12-06T14:00:00Z');

function pushed(state: string, atMs: number): GateItem {
  return {
    dedupKey: `p|e-1|Build|${state}`,
    order: { itemKey: 'p|e-1|Build', value: orderOf(atMs, state), state },
  };
}

let redis: TestRedis;

beforeAll(async () => {
  redis = await connectTestRedis();
});

afterAll(async () => {
  await redis.cleanup();
});

describe.each([
  ['memory', () => new MemoryTransitionGate()],
  ['Redis', () => new RedisTransitionGate(redis.redis, `${redis.prefix}${Math.random()}:`)],
] as const)('the transition gate in %s', (_kind, make: () => TransitionGate) => {
  it('admits a transition once, and again only to the attempt that claimed it', async () => {
    const gate = make();
    expect(await gate.admit(TARGET, [pushed('InProgress', T0)], 'a')).toEqual([{ verdict: 'new' }]);
    expect((await gate.admit(TARGET, [pushed('InProgress', T0)], 'b'))[0]?.verdict).toBe('duplicate');
    // The same inbox entry processed again after a crash is still its own.
    expect((await gate.admit(TARGET, [pushed('InProgress', T0)], 'a'))[0]?.verdict).toBe('new');
  });

  it('refuses an event older than what is known, and names the state it would have replaced', async () => {
    const gate = make();
    await gate.admit(TARGET, [pushed('Succeeded', T0 + 5_000)], 'a');
    expect(await gate.admit(TARGET, [pushed('InProgress', T0)], 'b')).toEqual([
      { verdict: 'stale', previousState: 'Succeeded' },
    ]);
    // Within the same second a start never overtakes the end.
    await gate.admit(TARGET, [{ ...pushed('Failed', T0 + 9_000), dedupKey: 'p|e-1|Build|Failed' }], 'c');
    expect((await gate.admit(TARGET, [pushed('InProgress', T0 + 9_400)], 'd'))[0]?.verdict).toBe('duplicate');
  });

  it('marks what a poll claimed first as announced once a push of it arrives', async () => {
    const gate = make();
    const polled = [{ dedupKey: 'p|e-2||Succeeded' }, { dedupKey: 'p|e-3||Succeeded' }];
    await gate.admit(TARGET, polled, `${POLL_CLAIM}1`);
    const push = {
      dedupKey: 'p|e-2||Succeeded',
      order: { itemKey: 'p|e-2', value: orderOf(T0, 'Succeeded'), state: 'Succeeded' },
    };
    expect((await gate.admit(TARGET, [push], 'x', T0))[0]?.verdict).toBe('duplicate');
    expect(
      await gate.unannounced(
        TARGET,
        polled.map((p) => p.dedupKey),
      ),
    ).toEqual(['p|e-3||Succeeded']);
    expect(await gate.lastHeard(TARGET)).toBe(T0);
  });
});
