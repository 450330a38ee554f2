import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { manifestOfFolder } from './manifest-folder';

/**
 * `npm run documents:manifest -- [folder] [--out file] [--schema file]`:
 * builds the trusted-documents manifest (`TRUSTED_DOCUMENTS_FILE`) from the
 * `.graphql` files under a folder (default `web/dashboard`, the dashboard's
 * operations), after checking each operation against the gateway's schema
 * (`schema.graphql`), so a manifest never lists an operation the gateway
 * would refuse. Writes it to `--out`, or prints it.
 */

const USAGE = 'usage: npm run documents:manifest -- [folder] [--out manifest.json] [--schema schema.graphql]';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
  args.splice(at, 2);
  return value;
}

function run(argv: string[]): void {
  const args = [...argv];
  const out = option(args, '--out');
  const schemaFile = option(args, '--schema') ?? 'schema.graphql';
  if (args.length > 1 || args.some((a) => a.startsWith('--'))) throw new Error(USAGE);
  const folder = resolve(args[0] ?? 'web/dashboard');
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`${folder} is not a folder`);
  const { manifest, files } = manifestOfFolder(folder, readFileSync(schemaFile, 'utf8'));
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (out) {
    writeFileSync(out, text);
    process.stderr.write(
      `${manifest.operations.length} operations from ${files.length} files written to ${out}\n`,
    );
  } else {
    process.stdout.write(text);
  }
}

try {
  run(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`documents:manifest: ${(err as Error).message}\n`);
  process.exit(1);
}
