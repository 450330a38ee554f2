import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { buildManifest, type PersistedQueryManifest } from './manifest';

/** The `.graphql` and `.gql` files under a folder, sorted, `node_modules` left out. */
export function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : graphqlFiles(path);
      return /\.(graphql|gql)$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

/**
 * The manifest of every operation in a folder's `.graphql` files, each
 * checked against the gateway's schema (SDL), so a manifest never lists an
 * operation the gateway would refuse. One owner for `npm run
 * documents:manifest` and the dashboard's build (`scripts/build-web.mjs`).
 */
export function manifestOfFolder(
  folder: string,
  schemaSdl: string,
): { manifest: PersistedQueryManifest; files: string[] } {
  const files = graphqlFiles(folder);
  if (files.length === 0) throw new Error(`no .graphql files under ${folder}`);
  const manifest = buildManifest(
    files.map((path) => ({ path: relative(process.cwd(), path), text: readFileSync(path, 'utf8') })),
  );
  const schema = buildSchema(schemaSdl);
  const problems = manifest.operations.flatMap((op) =>
    validate(schema, parse(op.body)).map((e) => `${op.name}: ${e.message}`),
  );
  if (problems.length > 0)
    throw new Error(`operations the gateway would refuse:\n  ${problems.join('\n  ')}`);
  return { manifest, files };
}
