import { StartPipelineExecutionCommand, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { type Target } from '../../src/aws/target';
import { MemoryCache } from '../../src/cache/memory-cache';
import { LoaderSource } from '../../src/loaders/loader-source';
import { LoaderRuntime } from '../../src/loaders/runtime';
import { DEFAULT_TTLS } from '../../src/loaders/ttl';
import { Upstream, type UpstreamSettings } from '../../src/upstream/upstream';
import { type PipelineEventData } from '../../src/schema/subscriptions/pipeline-event';
import { MemoryEventBus } from '../../src/subscriptions/memory-bus';
import { MemoryLease } from '../../src/subscriptions/memory-lease';
import { MemorySnapshotStore } from '../../src/subscriptions/memory-snapshots';
import { MemoryWatchRegistry } from '../../src/subscriptions/memory-watch';
import { Poller, type PollerOptions } from '../../src/subscriptions/poller';
import { type TestEmulator } from '../support/emulator';

/**
 * The loader kit a poller reads through: the emulator as the one target, behind an upstream whose
 * budget is off unless `settings` says otherwise, over a memory cache.
 */
export function loaderSourceFor(target: Target, settings: Partial<UpstreamSettings> = {}): LoaderSource {
  const upstream = new Upstream({
    maxAttempts: 1,
    requestTimeoutMs: 5_000,
    maxSockets: 16,
    callsPerSecond: 0,
    ...settings,
  });
  upstream.register({
    target,
    credentials: () => Promise.resolve({ accessKeyId: 'emulator', secretAccessKey: 'emulator' }),
  });
  return new LoaderSource(upstream, DEFAULT_TTLS, new LoaderRuntime(new MemoryCache(1_000, 60_000), 8), {
    maxWaitMs: 5_000,
    staleWaitMs: 250,
  });
}

/** A fake clock: schedules move with it (budget waits, when a budget is on, take real time). */
export interface FakeClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += Math.max(0, ms);
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** A poller over the memory contracts, on a fake clock, recording every published event. */
export interface PollerHarness {
  target: Target;
  bus: MemoryEventBus;
  watches: MemoryWatchRegistry;
  snapshots: MemorySnapshotStore;
  lease: MemoryLease;
  clock: FakeClock;
  poller: Poller;
  events: PipelineEventData[];
  /** Moves both the emulator's and the poller's clocks. */
  advance(ms: number): void;
  /** A new poller sharing this harness's contracts and clock. */
  newPoller(overrides?: Partial<PollerOptions>): Poller;
}

export function pollerHarness(emu: TestEmulator, overrides: Partial<PollerOptions> = {}): PollerHarness {
  const target: Target = { accountId: '123456789012', region: 'us-east-1', endpoint: emu.url };
  const bus = new MemoryEventBus();
  const watches = new MemoryWatchRegistry();
  const snapshots = new MemorySnapshotStore();
  const lease = new MemoryLease();
  const clock = fakeClock();
  const events: PipelineEventData[] = [];
  bus.onEvent((e) => events.push(e));
  const reads = loaderSourceFor(target);
  const newPoller = (more: Partial<PollerOptions> = {}) =>
    new Poller({
      target,
      reads,
      bus,
      watches,
      snapshots,
      lease,
      now: clock.now,
      ...overrides,
      ...more,
    });
  return {
    target,
    bus,
    watches,
    snapshots,
    lease,
    clock,
    poller: newPoller(),
    events,
    newPoller,
    advance: (ms) => {
      emu.advance(ms);
      clock.advance(ms);
    },
  };
}

/** Creates a pipeline on the emulator. */
export async function createPipeline(emu: TestEmulator, pipeline: PipelineDeclaration): Promise<void> {
  await emu.client.send(new CreatePipelineCommand({ pipeline }));
}

/** Starts an execution and returns its id. */
export async function startExecution(emu: TestEmulator, name: string): Promise<string> {
  const out = await emu.client.send(new StartPipelineExecutionCommand({ name }));
  return out.pipelineExecutionId ?? '';
}

/** Events as short lines, easy to compare: `KIND stage/action state<-previous`. */
export function eventLines(events: Omit<PipelineEventData, 'cursor'>[]): string[] {
  return events.map((e) => {
    const where = [e.stageName, e.actionName].filter(Boolean).join('/');
    const kind = e.kind.replace('_EXECUTION_STATE_CHANGE', '');
    return `${shortId(e.pipelineExecutionId)} ${kind}${where ? ` ${where}` : ''} ${e.state}<-${e.previousState ?? ''}`;
  });
}

/** Hand-made ids stay whole; generated UUIDs shrink to 4 characters. */
function shortId(id: string | undefined): string {
  return (id ?? '').length > 8 ? (id ?? '').slice(0, 4) : (id ?? '');
}
