import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  type PipelineDeclaration,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type TestEmulator } from './emulator';
import { type TestGateway } from './gateway';

/**
 * Helpers for tests of the live side through real graphql-ws clients: open
 * a subscription and record what it receives, wait for a condition, and run
 * the emulator's clock forward poll by poll.
 */

/** An error as a graphql-ws client receives it. */
export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** What one subscription has received so far. */
export interface Stream<T> {
  values: T[];
  errors: GqlError[];
  completed: boolean;
  /** Unsubscribes (sends `complete`). */
  stop(): void;
}

/** Polls `check` until it holds, failing with `what` after the deadline. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** graphql-ws clients of one gateway, disposed together. */
export class LiveClients {
  private readonly clients: Client[] = [];

  constructor(private readonly gateway: () => TestGateway) {}

  /** A new client on its own socket (opened on its first subscription). */
  connect(): Client {
    const client = createClient({
      url: this.gateway().url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    this.clients.push(client);
    return client;
  }

  /** Subscribes and records every value of `field`, every error, and the end. */
  open<T>(
    field: string,
    query: string,
    variables: Record<string, unknown>,
    client = this.connect(),
  ): Stream<T> {
    const stream: Stream<T> = { values: [], errors: [], completed: false, stop: () => undefined };
    stream.stop = client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) stream.errors.push(...(result.errors as GqlError[]));
          const value = result.data?.[field];
          if (value) stream.values.push(value);
        },
        error: (err) => {
          stream.errors.push(...(Array.isArray(err) ? (err as GqlError[]) : [{ message: String(err) }]));
          stream.completed = true;
        },
        complete: () => {
          stream.completed = true;
        },
      },
    );
    return stream;
  }

  async disposeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.dispose()));
  }
}

/** Creates a pipeline and lets its creation run finish, so the next run is the test's own. */
export async function idlePipeline(emu: TestEmulator, pipeline: PipelineDeclaration): Promise<void> {
  await emu.client.send(new CreatePipelineCommand({ pipeline }));
  emu.advance(120_000);
  const runs = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: pipeline.name }));
  const first = runs.pipelineExecutionSummaries?.[0];
  if (first?.status === 'InProgress') {
    await emu.client.send(
      new StopPipelineExecutionCommand({
        pipelineName: pipeline.name,
        pipelineExecutionId: first.pipelineExecutionId,
        abandon: true,
      }),
    );
    emu.advance(1_000);
  }
}

/**
 * Waits until the gateway's poller has polled `name` since it was watched: only changes after that
 * baseline are events. Two rounds after it is scheduled: a round that starts afterwards polls it.
 */
export async function baselineOf(gateway: TestGateway, name: string): Promise<void> {
  const { poller } = gateway.live;
  await eventually(() => poller.scheduled.includes(name), `${name} to be scheduled`);
  await poller.tick();
  await poller.tick();
}

/** Moves simulated time in steps, each followed by two polls of the emulator, until `done` holds. */
export async function runUntil(
  emu: TestEmulator,
  done: () => boolean,
  what: string,
  stepMs = 2_000,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  const listCalls = async () => (await emu.stats()).ListPipelineExecutions ?? 0;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    emu.advance(stepMs);
    const before = await listCalls();
    // A poll that began before the jump may read both sides of it; the second one starts after it.
    await eventually(async () => done() || (await listCalls()) >= before + 2, `two polls (${what})`);
  }
}
