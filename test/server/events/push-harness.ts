import { GetPipelineExecutionCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { EventPublisher } from '../../../src/emulator/events/publisher';
import { parseConfig } from '../../../src/server/config';
import { startGateway, type RunningGateway } from '../../../src/server/gateway';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { eventually } from '../../support/live';
import { REDIS_URL } from '../../support/redis';

/**
 * A real emulator that sends CodePipeline's EventBridge events to a real
 * gateway's `POST /events`, as an API destination would, with the helpers
 * the push tests share.
 */

/** The key both sides are configured with. */
export const EVENTS_KEY = 'test-events-key-0123456789';

/** One pipelineEvents value as the tests select it. */
export interface PushedEvent {
  kind: string;
  pipelineName: string;
  pipelineExecutionId: string | null;
  stageName: string | null;
  actionName: string | null;
  state: string;
  previousState: string | null;
}

/** The subscription the tests open. */
export const PIPELINE_EVENTS = `subscription Events($filter: PipelineEventFilter) {
  pipelineEvents(filter: $filter) {
    kind pipelineName pipelineExecutionId stageName actionName state previousState
  }
}`;

/** A gateway and the emulator that pushes to it. */
export interface PushRig {
  emu: TestEmulator;
  gateway: RunningGateway;
  /** The gateway's base URL (no path). */
  base: string;
  /** Resolves once the emulator has nothing left to send or retry, and the gateway has processed what it took. */
  delivered(): Promise<void>;
  /** `ListPipelineExecutions` calls the emulator has answered: one per poll of a pipeline. */
  listCalls(): Promise<number>;
  close(): Promise<void>;
}

/** Starts an emulator (manual clock), a gateway with `/events` on, and points the emulator's events at it. */
export async function startPushRig(
  options: { redisPrefix?: string; env?: Record<string, string> } = {},
): Promise<PushRig> {
  const emu = await startTestEmulator({ clockSpeed: 0 });
  const gateway = await startGateway(
    parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CODEPIPELINE_ENDPOINT: emu.url,
      AWS_MAX_ATTEMPTS: '1',
      UPSTREAM_CALLS_PER_SECOND: '0',
      LOG_LEVEL: 'error',
      POLL_FAST_INTERVAL_MS: '200',
      POLL_IDLE_INTERVAL_MS: '60000',
      POLL_CALLS_PER_SECOND: '1000',
      WATCH_HEARTBEAT_MS: '200',
      EVENTS_API_KEY: EVENTS_KEY,
      ...(options.redisPrefix ? { REDIS_URL, REDIS_KEY_PREFIX: options.redisPrefix } : {}),
      ...options.env,
    }),
  );
  const base = gateway.url.replace(/\/graphql$/, '');
  // Attached once the gateway's URL is known: from here every state change is POSTed to it.
  emu.emulator.events = new EventPublisher(emu.emulator, {
    url: `${base}/events`,
    apiKey: EVENTS_KEY,
    retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
  });
  const publisher = emu.emulator.events;
  return {
    emu,
    gateway,
    base,
    delivered: async () => {
      await publisher.delivery.idle();
      await Promise.all(gateway.live.each.map(({ live }) => live.push?.side.settled()));
    },
    listCalls: async () => (await emu.stats()).ListPipelineExecutions ?? 0,
    close: async () => {
      await gateway.close();
      await emu.close();
    },
  };
}

/** Starts a run of `name` and moves the emulator's clock until it ends, letting each step's events out. */
export async function runToEnd(rig: PushRig, name: string): Promise<string> {
  const { pipelineExecutionId } = await rig.emu.client.send(new StartPipelineExecutionCommand({ name }));
  const id = pipelineExecutionId ?? '';
  await eventually(async () => {
    rig.emu.advance(5_000);
    await rig.delivered();
    const { pipelineExecution } = await rig.emu.client.send(
      new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }),
    );
    return pipelineExecution?.status !== 'InProgress';
  }, `run ${id} of ${name} to end`);
  return id;
}

/** The identity of a transition: what the gateway must never deliver twice. */
export function transitionOf(e: PushedEvent): string {
  return [e.kind, e.pipelineExecutionId, e.stageName, e.actionName, e.state].join('|');
}

/** The transitions delivered more than once. */
export function repeated(events: PushedEvent[]): string[] {
  const seen = new Map<string, number>();
  for (const e of events) seen.set(transitionOf(e), (seen.get(transitionOf(e)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([t]) => t);
}
