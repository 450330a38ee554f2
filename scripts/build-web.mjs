#!/usr/bin/env node
// Bundles the browser sources under web/ into dist/web with esbuild: the dashboard (Preact) and GraphiQL with
// its Monaco workers. Everything the pages load comes from here, so they work offline and under a CSP of 'self'.
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'web');
// Built aside, then swapped in: a gateway or a test reading dist/web never sees half a build.
const out = join(root, 'dist', `web.tmp-${process.pid}`);
const watchless = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  target: 'es2022',
};

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets', 'graphiql'), { recursive: true });

await Promise.all([
  build({
    ...watchless,
    entryPoints: { dashboard: join(root, 'web', 'dashboard', 'main.tsx') },
    outdir: join(out, 'assets'),
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: false,
  }),
  build({
    ...watchless,
    entryPoints: { graphiql: join(root, 'web', 'graphiql', 'main.ts') },
    outdir: join(out, 'assets', 'graphiql'),
    format: 'esm',
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
  }),
  // Monaco runs its language services in workers; each is its own classic script, loaded from 'self'.
  build({
    ...watchless,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir: join(out, 'assets', 'graphiql'),
    format: 'iife',
  }),
  copyFile(join(root, 'web', 'dashboard', 'index.html'), join(out, 'index.html')),
  copyFile(join(root, 'web', 'graphiql', 'index.html'), join(out, 'graphiql.html')),
]);

await writeFile(join(out, '.built'), new Date().toISOString());
const old = join(root, 'dist', `web.old-${process.pid}`);
await rename(target, old).catch(() => undefined);
await rename(out, target);
await rm(old, { recursive: true, force: true });
