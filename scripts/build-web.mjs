#!/usr/bin/env node
// Bundles the browser sources under web/ into dist/web with esbuild: the dashboard (Preact) and GraphiQL with
// its Monaco workers. Everything the pages load comes from here, so they work offline and under a CSP of 'self'.
// The dashboard's operations (web/dashboard/operations/*.graphql) become its persisted-query manifest,
// dist/web/persisted-query-manifest.json, for TRUSTED_DOCUMENTS_FILE; each import of a .graphql file is its operation
// as listed there ({ name, id, body }), so the page sends ids a trusted-only gateway knows.
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

/** The manifest, by the same code as `npm run documents:manifest` (src/server/documents/manifest-folder.ts). */
async function dashboardManifest() {
  const tool = join(out, '.manifest-tool.cjs');
  await build({
    entryPoints: [join(root, 'src', 'server', 'documents', 'manifest-folder.ts')],
    outfile: tool,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  const { manifestOfFolder } = createRequire(import.meta.url)(tool);
  await rm(tool);
  const schema = await readFile(join(root, 'schema.graphql'), 'utf8');
  return manifestOfFolder(join(root, 'web', 'dashboard', 'operations'), schema).manifest;
}

const manifest = await dashboardManifest();
await writeFile(join(out, 'persisted-query-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

/** `import op from './operations/x.graphql'`: the file's one operation, as the manifest lists it. */
const operationsPlugin = {
  name: 'dashboard-operations',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.graphql$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const names = [
        ...text.matchAll(/^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/gm),
      ].map((m) => m[1]);
      if (names.length !== 1) {
        return { errors: [{ text: `${path} must hold exactly one named operation to be imported` }] };
      }
      const operation = manifest.operations.find((op) => op.name === names[0]);
      if (!operation) return { errors: [{ text: `${names[0]} is not in the dashboard's manifest` }] };
      const { name, id, body } = operation;
      return { contents: `export default ${JSON.stringify({ name, id, body })};`, loader: 'js' };
    });
  },
};

await Promise.all([
  build({
    ...watchless,
    entryPoints: { dashboard: join(root, 'web', 'dashboard', 'main.tsx') },
    outdir: join(out, 'assets'),
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: false,
    plugins: [operationsPlugin],
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
