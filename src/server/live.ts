import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../aws/target';
import { type LoaderSource } from '../loaders/loader-source';
import { type LiveEvents } from '../schema/subscriptions/pipeline-event';
import {
  type EventBus,
  type Lease,
  type SnapshotStore,
  type WatchRegistry,
} from '../subscriptions/contracts';
import { memoryCursorCodec, redisCursorCodec } from '../subscriptions/cursor';
import { RedisLease } from '../subscriptions/lease';
import { BusLiveEvents } from '../subscriptions/live-events';
import { MemoryEventBus } from '../subscriptions/memory-bus';
import { MemoryLease } from '../subscriptions/memory-lease';
import { MemorySnapshotStore } from '../subscriptions/memory-snapshots';
import { MemoryWatchRegistry } from '../subscriptions/memory-watch';
import { Poller } from '../subscriptions/poller';
import { type Observation } from '../subscriptions/observe';
import { RedisEventBus } from '../subscriptions/redis-bus';
import { RedisSnapshotStore } from '../subscriptions/redis-snapshots';
import { RedisWatchRegistry } from '../subscriptions/redis-watch';
import { type LiveConfig } from './live-config';
import { invalidate } from '../loaders/write';
import { effects } from '../schema/write/effects';
import { DedupedPollBus } from '../subscriptions/push/deduped-poll-bus';
import { MemoryEventInbox, RedisEventInbox } from '../subscriptions/push/event-inbox';
import { PushSide } from '../subscriptions/push/push-side';
import { type GapReason, Reconciler } from '../subscriptions/push/reconciler';
import { RedisTransitionGate } from '../subscriptions/push/redis-transition-gate';
import { MemoryTransitionGate, type TransitionGate } from '../subscriptions/push/transition-gate';

/** The assembled live side of one gateway process. */
export interface Live {
  events: LiveEvents;
  poller: Poller;
  lease: Lease;
  /** Subscriptions open on this replica (routed from its one bus listener); tests use it to prove nothing leaks. */
  listenerCount(): number;
  /** Makes a pipeline due now on whichever replica polls (a mutation changed it). */
  nudge(pipelineName: string): void;
  /** Pushed events in (`POST /events`) and the reconciliation they allow; absent while the endpoint is off. */
  push?: { side: PushSide; reconciler: Reconciler };
  close(): Promise<void>;
}

/** Push first, poll to reconcile (`EVENTS_API_KEY`, `POLL_RECONCILE_SECONDS`). */
export interface PushSettings {
  /** Poll interval of each watched pipeline while the target's events arrive. */
  reconcileMs: number;
  /** No event for this long and the target's events count as stopped. */
  quietMs: number;
}

interface LiveDeps {
  target: Target;
  /** The loader kit the poller reads through (the queries' specs, within the target's call budget). */
  reads: LoaderSource;
  config: LiveConfig;
  /** Shared Redis: one poller per fleet and fan-out to every replica. Absent: all in this process. */
  redis?: Redis;
  redisKeyPrefix: string;
  onError: (context: string, err: unknown) => void;
  /** Told once when a watched pipeline is found deleted (its subscribers get PIPELINE_DELETED). */
  onPipelineDeleted?: (pipelineName: string) => void;
  /** Set when `POST /events` is on: pushed events are taken and polling slows to reconciliation. */
  push?: PushSettings;
  /** Told of each gap: polling returned to its fast interval. */
  onGap?: (reason: GapReason) => void;
  /** Told of each poll's reads: the execution ledger's feed (subscriptions/ledger-feed.ts). */
  onObserved?: (pipelineName: string, observation: Observation) => Promise<void>;
}

interface Parts {
  bus: EventBus;
  watches: WatchRegistry;
  lease: Lease;
  snapshots: SnapshotStore;
}

function redisParts(redis: Redis, prefix: string, deps: LiveDeps): Parts {
  const onError = (context: string, err: Error) => deps.onError(context, err);
  return {
    bus: new RedisEventBus(redis, prefix, { maxLength: deps.config.eventLogLength, onError }),
    watches: new RedisWatchRegistry(redis, prefix, {
      heartbeatMs: deps.config.watchHeartbeatMs,
      ttlMs: deps.config.watchTtlMs,
      onError,
    }),
    lease: new RedisLease(redis, prefix, deps.target, { ttlMs: deps.config.leaseTtlMs, onError }),
    snapshots: new RedisSnapshotStore(redis, prefix),
  };
}

function memoryParts(deps: LiveDeps): Parts {
  return {
    bus: new MemoryEventBus(deps.config.eventLogLength),
    watches: new MemoryWatchRegistry(),
    lease: new MemoryLease(),
    snapshots: new MemorySnapshotStore(),
  };
}

/** The Redis pub/sub channel that carries a target's nudges to whichever replica polls it. */
export function nudgeChannelOf(redisKeyPrefix: string, target: Target): string {
  return `${redisKeyPrefix}nudges:${targetKey(target)}`;
}

/**
 * Builds change detection and fan-out: Redis-backed when Redis is configured
 * (the poller runs on the lease holder only; events reach every replica),
 * in-process otherwise. Nudges from mutations travel over Redis pub/sub to
 * whichever replica holds the lease.
 */
export async function startLive(deps: LiveDeps): Promise<Live> {
  const parts = deps.redis ? redisParts(deps.redis, deps.redisKeyPrefix, deps) : memoryParts(deps);
  if (parts.bus instanceof RedisEventBus) await parts.bus.ready();
  // The reconciler resumes the poller built next: it holds it through this box.
  const built: { poller?: Poller } = {};
  const push = deps.push ? startPush(deps, deps.push, parts.bus, () => built.poller) : undefined;
  const poller = new Poller({
    target: deps.target,
    reads: deps.reads,
    ...parts,
    // Polls pass the gate pushed events pass, so push and poll never deliver a transition twice.
    ...(push ? { bus: push.pollBus, reconcileIntervalMs: () => push.reconciler.intervalMs() } : {}),
    fastIntervalMs: deps.config.fastIntervalMs,
    idleIntervalMs: deps.config.idleIntervalMs,
    concurrency: 4,
    checkIntervalMs: Math.max(100, Math.floor(deps.config.leaseTtlMs / 3)),
    onError: (err, pipelineName) => deps.onError(`poll ${pipelineName ?? ''}`.trim(), err),
    onPipelineDeleted: deps.onPipelineDeleted,
    onObserved: deps.onObserved,
  });
  built.poller = poller;
  // One channel per target: a write in one target never makes a namesake in another due.
  const nudgeChannel = nudgeChannelOf(deps.redisKeyPrefix, deps.target);
  let nudger: Redis | undefined;
  if (deps.redis) {
    nudger = deps.redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      lazyConnect: false,
    });
    nudger.on('error', (err) => deps.onError('nudge subscriber', err));
    nudger.on('message', (channel: string, name: string) => {
      if (channel === nudgeChannel) poller.nudge(name);
    });
    await nudger.subscribe(nudgeChannel);
  }
  const nudge = (pipelineName: string): void => {
    poller.nudge(pipelineName);
    deps.redis?.publish(nudgeChannel, pipelineName).catch((err: unknown) => deps.onError('nudge', err));
  };
  const events = new BusLiveEvents({
    target: deps.target,
    bus: parts.bus,
    watches: parts.watches,
    cursors: deps.redis ? redisCursorCodec : memoryCursorCodec,
    bufferSize: deps.config.subscriberBuffer,
    // A new watcher wants its first snapshot soon: it is the baseline later changes are diffed against.
    onWatch: (names) => names.forEach((name) => (name === '*' ? undefined : nudge(name))),
  });
  poller.start();
  return {
    events,
    poller,
    lease: parts.lease,
    listenerCount: () => events.activeSubscriptions,
    nudge,
    push: push ? { side: push.side, reconciler: push.reconciler } : undefined,
    close: async () => {
      push?.reconciler.stop();
      // Transitions already stored are delivered before the bus closes.
      await push?.side.settled();
      await poller.stop();
      await parts.watches.close();
      await parts.bus.close();
      await nudger?.quit().catch(() => nudger?.disconnect());
    },
  };
}

/** The push side of one target, its reconciler, and the poller's view of the bus through the shared gate. */
function startPush(
  deps: LiveDeps,
  settings: PushSettings,
  bus: EventBus,
  poller: () => Poller | undefined,
): { side: PushSide; reconciler: Reconciler; pollBus: EventBus } {
  const { target, redis, redisKeyPrefix } = deps;
  const gate: TransitionGate = redis
    ? new RedisTransitionGate(redis, redisKeyPrefix, { heardTtlMs: settings.quietMs * 2 })
    : new MemoryTransitionGate();
  const reconciler = new Reconciler({
    reconcileMs: settings.reconcileMs,
    quietMs: settings.quietMs,
    lastHeard: () => gate.lastHeard(target),
    unannounced: (dedupKeys) => gate.unannounced(target, dedupKeys),
    // A push may trail a poll that saw the same change; only one that never follows is a gap.
    announceGraceMs: Math.min(30_000, Math.floor(settings.quietMs / 2)),
    // Every watched pipeline is due at once, then polled at its usual interval.
    resume: () => poller()?.scheduled.forEach((name) => poller()?.nudge(name)),
    onGap: deps.onGap,
    onError: (err) => deps.onError('events heard', err),
  });
  reconciler.start();
  const side = new PushSide({
    target,
    bus,
    gate,
    inbox: redis ? new RedisEventInbox(redis, redisKeyPrefix) : new MemoryEventInbox(),
    // The one invalidation of a pipeline's live state, as a control mutation makes it: every replica drops it.
    invalidate: (pipelineName) =>
      invalidate(
        { runtime: deps.reads.runtime, renewLoaders: () => undefined },
        effects.runtime(target, pipelineName),
      ),
    onHeard: (atMs) => reconciler.heard(atMs),
    onError: (err, pipelineName) => deps.onError(`pushed event ${pipelineName}`, err),
  });
  const pollBus = new DedupedPollBus(bus, gate, (dedupKeys) => reconciler.claimedByPoll(dedupKeys));
  return { side, reconciler, pollBus };
}
