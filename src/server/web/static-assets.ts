import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A file ready to serve: its bytes, a gzipped copy when that is smaller, its type and its ETag. */
export interface Asset {
  body: Buffer;
  gzipped?: Buffer;
  contentType: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * Where `scripts/build-web.mjs` writes: `dist/web` beside the compiled server (`dist/server/web` ->
 * `dist/web`), else the nearest `dist/web` above this file (ts-jest runs `src/`, the bench runs `dist/bench`).
 */
export function defaultWebRoot(): string {
  const beside = resolve(__dirname, '..', '..', 'web');
  if (existsSync(join(beside, 'index.html'))) return beside;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return beside;
}

/** Names an asset may have: no `..`, no hidden files, nothing outside the folder. */
const SAFE_NAME = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * The built browser files, read once on first use and kept in memory with
 * their gzipped copies: there are few of them and they never change while
 * the process runs.
 */
export class StaticAssets {
  private readonly cache = new Map<string, Asset | null>();

  constructor(readonly root: string = defaultWebRoot()) {}

  /** The asset at a relative path such as `assets/dashboard.js`; undefined when absent or not a safe name. */
  get(relativePath: string): Asset | undefined {
    if (!SAFE_NAME.test(relativePath)) return undefined;
    let asset = this.cache.get(relativePath);
    if (asset === undefined) {
      asset = this.load(relativePath);
      // Missing files are not remembered: a build may land while the process runs (tests, `npm run build`).
      if (asset) this.cache.set(relativePath, asset);
    }
    return asset ?? undefined;
  }

  private load(relativePath: string): Asset | null {
    const contentType = TYPES[extname(relativePath)];
    if (contentType === undefined) return null;
    let body: Buffer;
    try {
      body = readFileSync(join(this.root, relativePath));
    } catch {
      return null;
    }
    const compressible = !contentType.startsWith('image/png') && !contentType.startsWith('font/woff');
    const gzipped = compressible ? gzipSync(body, { level: 9 }) : undefined;
    return {
      body,
      gzipped: gzipped && gzipped.length < body.length ? gzipped : undefined,
      contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
  }
}
