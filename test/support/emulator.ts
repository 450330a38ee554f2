import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import {
  startEmulatorServer,
  type EmulatorServerOptions,
  type RunningEmulator,
} from '../../src/emulator/http-server';

/** A running emulator with a real SDK client pointed at it over HTTP. */
export interface TestEmulator extends RunningEmulator {
  client: CodePipelineClient;
  /** Per-operation call counts, read over HTTP from `/_emulator/stats`. */
  stats(): Promise<Record<string, number>>;
  /** Posts JSON to an admin route and returns the parsed answer. */
  admin(path: string, body?: unknown): Promise<unknown>;
  /** Jumps simulated time ahead (and ticks the engine). */
  advance(ms: number): void;
}

/**
 * Starts an emulator on port 0 with no background ticker, so tests move time
 * themselves with `advance`. Close it in `afterAll`.
 */
export async function startTestEmulator(options: EmulatorServerOptions = {}): Promise<TestEmulator> {
  const running = await startEmulatorServer({ seed: 'none', tickIntervalMs: 0, ...options });
  const client = new CodePipelineClient({
    endpoint: running.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  const admin = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${running.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  };
  return {
    ...running,
    client,
    admin,
    stats: async () => ((await admin('/_emulator/stats')) as { calls: Record<string, number> }).calls,
    advance: (ms: number) => running.emulator.advance(ms),
    close: async () => {
      client.destroy();
      await running.close();
    },
  };
}
