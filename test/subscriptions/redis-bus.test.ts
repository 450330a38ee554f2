import { type Redis } from 'ioredis';
import { type Target } from '../../src/aws/target';
import { type PipelineEventData } from '../../src/schema/subscriptions/pipeline-event';
import { type NewPipelineEvent } from '../../src/subscriptions/contracts';
import { RedisEventBus } from '../../src/subscriptions/redis-bus';
import { encodeEventCursor, InvalidCursorError } from '../../src/subscriptions/redis-cursor';
import { connectTestRedis, type TestRedis } from '../support/redis';

const TARGET: Target = { accountId: '111111111111', region: 'eu-west-1' };
const OTHER_TARGET: Target = { accountId: '222222222222', region: 'eu-west-1' };

function event(pipelineName: string, state: string): NewPipelineEvent {
  return {
    kind: 'PIPELINE_EXECUTION_STATE_CHANGE',
    accountId: TARGET.accountId,
    region: TARGET.region,
    pipelineName,
    state,
    detectedAt: new Date(0).toISOString(),
  };
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the Redis event bus', () => {
  let t: TestRedis;
  let replicaB: Redis;
  let busA: RedisEventBus;
  let busB: RedisEventBus;

  beforeAll(async () => {
    t = await connectTestRedis();
    replicaB = t.redis.duplicate();
    await replicaB.connect();
    busA = new RedisEventBus(t.redis, t.prefix);
    busB = new RedisEventBus(replicaB, t.prefix);
    await Promise.all([busA.ready(), busB.ready()]);
  });

  afterAll(async () => {
    await busA.close();
    await busB.close();
    replicaB.disconnect();
    await t.cleanup();
  });

  it('gives the events of one publish distinct cursors, in order, and appends them to the pipeline stream', async () => {
    const published = await busA.publish(TARGET, 'orders', [
      event('orders', 'InProgress'),
      event('orders', 'Succeeded'),
    ]);
    expect(published.map((e) => e.state)).toEqual(['InProgress', 'Succeeded']);
    expect(new Set(published.map((e) => e.cursor)).size).toBe(2);
    expect(published.every((e) => /^[A-Za-z0-9_-]+$/.test(e.cursor))).toBe(true);
    expect(await t.redis.xlen(`${t.prefix}events:${TARGET.accountId}:${TARGET.region}:orders`)).toBe(2);
  });

  it('replays exactly the events after a cursor, oldest first, with the cursors they were published with', async () => {
    const first = await busA.publish(TARGET, 'replay', [event('replay', 'A'), event('replay', 'B')]);
    const second = await busA.publish(TARGET, 'replay', [event('replay', 'C')]);
    await busA.publish(TARGET, 'elsewhere', [event('elsewhere', 'X')]);
    const replayed = await busB.replay(TARGET, 'replay', first[0]!.cursor);
    expect(replayed).toEqual([first[1], second[0]]);
    await expect(busB.replay(TARGET, 'replay', second[0]!.cursor)).resolves.toEqual([]);
  });

  it('keeps each stream near its cap, so replay reaches back that far and no further', async () => {
    const capped = new RedisEventBus(t.redis, t.prefix, { maxLength: 100 });
    try {
      const all: PipelineEventData[] = [];
      for (let batch = 0; batch < 7; batch++) {
        const events = Array.from({ length: 50 }, (_, i) => event('capped', `S${batch * 50 + i}`));
        all.push(...(await capped.publish(TARGET, 'capped', events)));
      }
      const length = await t.redis.xlen(`${t.prefix}events:${TARGET.accountId}:${TARGET.region}:capped`);
      // MAXLEN ~ trims whole stream nodes (100 entries by default): at least the cap, less than cap + a node.
      expect(length).toBeGreaterThanOrEqual(100);
      expect(length).toBeLessThanOrEqual(200);
      const replayed = await capped.replay(TARGET, 'capped', all[0]!.cursor);
      expect(replayed.length).toBe(length);
      expect(replayed).toEqual(all.slice(all.length - length));
    } finally {
      await capped.close();
    }
  });

  it('refuses malformed and foreign cursors', async () => {
    const [published] = await busA.publish(TARGET, 'guarded', [event('guarded', 'A')]);
    const forged = [
      'not a cursor',
      'bm90LWpzb24',
      Buffer.from(JSON.stringify(['r1', 'x', 'guarded'])).toString('base64url'),
      encodeEventCursor(`${TARGET.accountId}:${TARGET.region}`, 'guarded', '12-abc'),
      encodeEventCursor(`${TARGET.accountId}:${TARGET.region}`, 'guarded', '99999999999999999999999-0'),
    ];
    for (const cursor of forged) {
      await expect(busA.replay(TARGET, 'guarded', cursor)).rejects.toThrow(/malformed event cursor/i);
    }
    await expect(busA.replay(TARGET, 'other', published!.cursor)).rejects.toThrow(/foreign event cursor/i);
    await expect(busA.replay(OTHER_TARGET, 'guarded', published!.cursor)).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('delivers an event published on one replica to listeners on every replica, with the same cursor', async () => {
    const onA: PipelineEventData[] = [];
    const onB: PipelineEventData[] = [];
    const stopA = busA.onEvent((e) => e.pipelineName === 'fanout' && onA.push(e));
    const stopB = busB.onEvent((e) => e.pipelineName === 'fanout' && onB.push(e));
    try {
      const published = await busA.publish(TARGET, 'fanout', [
        event('fanout', 'Started'),
        event('fanout', 'Done'),
      ]);
      await waitFor(() => onA.length === 2 && onB.length === 2);
      expect(onB).toEqual(published);
      expect(onA).toEqual(published);
    } finally {
      stopA();
      stopB();
    }
  });

  it('delivers concurrent publishes of one pipeline in log order', async () => {
    const seen: string[] = [];
    const stop = busB.onEvent((e) => e.pipelineName === 'ordered' && seen.push(e.cursor));
    try {
      const calls = await Promise.all(
        Array.from({ length: 20 }, (_, i) => busA.publish(TARGET, 'ordered', [event('ordered', `S${i}`)])),
      );
      await waitFor(() => seen.length === 20);
      const logOrder = [calls[0]![0]!, ...(await busA.replay(TARGET, 'ordered', calls[0]![0]!.cursor))];
      expect(seen).toEqual(logOrder.map((e) => e.cursor));
      expect(calls.map((c) => c[0]!.state)).toEqual(Array.from({ length: 20 }, (_, i) => `S${i}`));
      expect(logOrder.map((e) => e.state)).toEqual(Array.from({ length: 20 }, (_, i) => `S${i}`));
    } finally {
      stop();
    }
  });

  it('stops delivering to a listener once it unsubscribes, and survives a throwing listener', async () => {
    const errors: string[] = [];
    const bus = new RedisEventBus(replicaB, t.prefix, { onError: (context) => errors.push(context) });
    await bus.ready();
    const seen: string[] = [];
    const stopThrower = bus.onEvent(() => {
      throw new Error('listener bug');
    });
    const stop = bus.onEvent((e) => e.pipelineName === 'unsub' && seen.push(e.state));
    await busA.publish(TARGET, 'unsub', [event('unsub', 'One')]);
    await waitFor(() => seen.length === 1);
    expect(errors).toContain('event listener');
    stop();
    stopThrower();
    await busA.publish(TARGET, 'unsub', [event('unsub', 'Two')]);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual(['One']);
    await bus.close();
  });

  it('publishes nothing for no events, and closing a bus leaves the shared connection open', async () => {
    await expect(busA.publish(TARGET, 'empty', [])).resolves.toEqual([]);
    expect(await t.redis.exists(`${t.prefix}events:${TARGET.accountId}:${TARGET.region}:empty`)).toBe(0);
    const bus = new RedisEventBus(replicaB, t.prefix);
    await bus.ready();
    await bus.close();
    await bus.close();
    await expect(replicaB.ping()).resolves.toBe('PONG');
  });
});
