import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Real gateway processes for tests that need more than one (replicas, lease
 * takeover): `node dist/server/main.js`, exactly what `npm start` runs.
 */

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'server', 'main.js');
const SRC = join(ROOT, 'src');
const LOCK = join(ROOT, 'dist', '.test-build.lock');
/** A lock older than this belongs to a build that died: it is taken over. */
const STALE_LOCK_MS = 180_000;

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  let built: number;
  try {
    built = statSync(MAIN).mtimeMs;
  } catch {
    return true;
  }
  return newestMtimeMs(SRC) > built;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Takes the build lock (a file created with O_EXCL), shared by every jest worker of every run. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { force: true });
      } catch {
        // Released meanwhile: try again.
      }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function compile(): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'npx',
      ['tsc', '-p', 'tsconfig.build.json'],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`npx tsc -p tsconfig.build.json failed:\n${stdout}${stderr}`));
        else resolvePromise();
      },
    );
  });
}

let built: Promise<void> | undefined;

/**
 * Makes sure `dist/server/main.js` is current: compiles (`tsc -p
 * tsconfig.build.json`) when it is missing or older than any file in `src/`.
 * Once per test file's module registry; concurrent workers serialize on a
 * lock file and the ones that wait find the build done.
 */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    if (!isStale()) return;
    await withBuildLock(async () => {
      if (isStale()) await compile();
    });
  })();
  return built;
}

/** A gateway running as its own process. */
export interface GatewayProcess {
  /** `http://127.0.0.1:<port>/graphql`, as its banner printed it. */
  url: string;
  pid: number;
  kill(signal?: NodeJS.Signals): void;
  /** Settles when the process has exited. */
  stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far (stdout and stderr), for diagnostics. */
  output(): string;
}

const running = new Set<GatewayProcess>();
process.once('exit', () => running.forEach((p) => p.kill('SIGKILL')));

/** Every child spawned by this test file that has not exited, started or not. */
const children = new Set<ChildProcess>();
// A gateway still starting when its suite's beforeAll timed out has no handle for the suite to kill:
// it would outlive the file and keep jest from exiting. Each file kills what it spawned at its end.
afterAll(async () => {
  const left = [...children].map(
    (child) =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(left);
});

/**
 * Spawns `node dist/server/main.js` on 127.0.0.1, port 0, with `env` added to
 * this process's environment, and resolves once its banner names its URL.
 * Call {@link ensureBuilt} first.
 */
export function startGatewayProcess(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (out += chunk));
  const stopped = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return new Promise<GatewayProcess>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway process printed no URL within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: string): void => {
      out += chunk;
      const match = /serving (http:\/\/\S+\/graphql)/.exec(out);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const handle: GatewayProcess = {
        url: match[1],
        pid: child.pid ?? -1,
        kill: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        },
        stopped,
        output: () => out,
      };
      running.add(handle);
      void stopped.then(() => running.delete(handle));
      resolvePromise(handle);
    };
    child.stdout.on('data', onData);
    void stopped.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gateway process exited (code ${code}, signal ${signal}) before serving:\n${out}`));
    });
  });
}
