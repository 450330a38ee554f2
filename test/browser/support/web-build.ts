import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The browser assets the gateway serves (`dist/web`), built by
 * `scripts/build-web.mjs` when they are missing or older than `web/` or the
 * script. `npm test` runs jest alone, so the tests that need the assets
 * build them, once, whichever worker comes first.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
const STAMP = join(ROOT, 'dist', 'web', '.built');
const LOCK = join(ROOT, 'dist', '.web-build.lock');
const STALE_LOCK_MS = 180_000;

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), 0);
}

function isStale(): boolean {
  let built: number;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  // The dashboard's persisted-query manifest is built by src/server/documents and checked against schema.graphql.
  const inputs = [
    'web',
    join('scripts', 'build-web.mjs'),
    join('src', 'server', 'documents'),
    'schema.graphql',
  ];
  return Math.max(...inputs.map((input) => newestMtimeMs(join(ROOT, input)))) > built;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
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
        // Released meanwhile.
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

let built: Promise<void> | undefined;

/** Makes sure `dist/web` is current; concurrent workers wait on a lock file and find it done. */
export function ensureWebBuilt(): Promise<void> {
  built ??= (async () => {
    if (!isStale()) return;
    await withLock(async () => {
      if (!isStale()) return;
      await new Promise<void>((resolvePromise, reject) => {
        execFile('node', ['scripts/build-web.mjs'], { cwd: ROOT }, (err, stdout, stderr) => {
          if (err) reject(new Error(`node scripts/build-web.mjs failed:\n${stdout}${stderr}`));
          else resolvePromise();
        });
      });
    });
  })();
  return built;
}

/** Where tests write screenshots (ignored by git). */
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

/** The dashboard's bundled script, for size checks. */
export const DASHBOARD_JS = join(ROOT, 'dist', 'web', 'assets', 'dashboard.js');
