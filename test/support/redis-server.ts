import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';

/**
 * A private `redis-server` process for tests that kill Redis: the shared test
 * Redis (`REDIS_URL`) belongs to every other test, so an outage is staged on
 * a server of the test's own, on a free loopback port, with no persistence.
 */
export interface RedisServerProcess {
  port: number;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Kills the server at once (SIGKILL by default): no shutdown, no goodbye to clients. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  restart(): Promise<void>;
  /** Stops the server if it runs; safe to call twice. */
  stop(): Promise<void>;
}

/** A port the kernel had free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function spawnServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const failed = await Promise.race([spawnError, Promise.resolve(undefined)]);
    if (failed) throw new Error(`redis-server could not be started (is it installed?): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited at start-up:\n${out}`);
    if (await accepts(port)) {
      running.add(child);
      child.once('exit', () => running.delete(child));
      return child;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not listen on ${port} within 10 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `redis-server` on a free port; stop it in `afterAll`. Fails loudly when the binary is missing. */
export async function startRedisServer(): Promise<RedisServerProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnServer(port);
  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const current = child;
    child = undefined;
    if (!current) return;
    current.kill(signal);
    await exited(current);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: async () => {
      await kill();
      child = await spawnServer(port);
    },
    stop: () => kill('SIGKILL'),
  };
}
