import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { childEnv } from './child-env';

/** The message a server child sends its parent once it listens. */
export interface ReadyMessage {
  type: 'ready';
  url: string;
}

/** A server running in a child process, so load generation and serving get a core each. */
export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Compiled server entry points, next to this file's folder. */
export const SERVERS = {
  gateway: join(__dirname, '..', 'servers', 'gateway.js'),
  naive: join(__dirname, '..', 'naive', 'server.js'),
  baseline: join(__dirname, '..', 'servers', 'baseline.js'),
} as const;

function isReady(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as ReadyMessage).type === 'ready';
}

/** Forks `script` with the environment `childEnv(env)` and waits for its ready message. */
export async function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  execArgv: string[] = [],
): Promise<ChildServer> {
  const child: ChildProcess = fork(script, [], {
    // Only what the bench writes out, never the parent's environment (child-env.ts).
    env: childEnv(env),
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: unknown) => {
      if (isReady(message)) resolve(message.url);
      else reject(new Error(`${name}: unexpected message ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready`)));
  });
  return {
    name,
    url,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
