import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { type MemoryProbe } from './gateway';
import { type Command, type Reply } from './protocol';
import { GATEWAY_NODE_ARGS } from './settings';
import { childEnv } from '../lib/child-env';

/** A forked process that answers commands over IPC, one at a time. */
export class Worker {
  private readonly waiting: ((reply: Reply | MemoryProbe) => void)[] = [];
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (message: Reply | MemoryProbe | { type: 'ready' }) => {
      if (message.type === 'ready') return;
      this.waiting.shift()?.(message);
    });
    this.exited = new Promise((r) => child.once('exit', () => r()));
    child.once('exit', (code, signal) => {
      if (this.waiting.length > 0) {
        console.error(`${name} exited (${code ?? signal}) with requests pending`);
        process.exit(1);
      }
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  ask<T extends Reply | MemoryProbe>(command: Command | { type: 'memory' }): Promise<T> {
    return new Promise((resolvePromise) => {
      this.waiting.push(resolvePromise as (reply: Reply | MemoryProbe) => void);
      this.child.send(command);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** Forks the bench gateway (gateway.js next to this file) and waits for the URL it listens on. */
export async function startGatewayProcess(
  env: Record<string, string>,
): Promise<{ worker: Worker; url: string }> {
  const child = fork(join(__dirname, 'gateway.js'), [], {
    // Only what the bench writes out, never the parent's environment (../lib/child-env.ts).
    env: childEnv(env),
    execArgv: ['--expose-gc', ...GATEWAY_NODE_ARGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.once('message', (m: { type: string; url?: string }) =>
      m.type === 'ready' && m.url
        ? resolvePromise(m.url)
        : reject(new Error(`gateway said ${JSON.stringify(m)}`)),
    );
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code} before it was ready`)));
  });
  return { worker: new Worker('gateway', child), url };
}

/** Forks one subscriber process (clients.js next to this file). */
export function startClients(index: number): Worker {
  const child = fork(join(__dirname, 'clients.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Worker(`clients ${index}`, child);
}

/** Opens subscribers `from` to `to - 1`, split evenly across the client processes. */
export async function openSubscribers(
  clients: Worker[],
  url: string,
  pipelines: string[],
  from: number,
  to: number,
) {
  const per = Math.ceil((to - from) / clients.length);
  await Promise.all(
    clients.map((c, i) => {
      const start = from + i * per;
      const end = Math.min(to, start + per);
      return start < end
        ? c.ask({ type: 'open', url, from: start, to: end, pipelines })
        : Promise.resolve(undefined);
    }),
  );
}
