import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/** The gateway's layers, in the only order data may flow. */
const LAYERS = [
  'aws',
  'cache',
  'upstream',
  'loaders',
  'schema',
  'subscriptions',
  'integrations',
  'server',
] as const;
const SRC = resolve(__dirname, '..', '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function topFolder(file: string): string {
  return relative(SRC, file).split('/')[0] ?? '';
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? '',
  );
  return specs.map((spec) => resolve(dirname(file), spec));
}

describe('the layering of src/', () => {
  const files = filesUnder(SRC);

  it('never imports from a later layer', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = LAYERS.indexOf(topFolder(file) as (typeof LAYERS)[number]);
      if (from < 0) continue;
      for (const target of relativeImports(file)) {
        const to = LAYERS.indexOf(topFolder(target) as (typeof LAYERS)[number]);
        if (to > from) violations.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the emulator apart: only the composition root in server/ may start it', () => {
    const violations: string[] = [];
    for (const file of files) {
      const folder = topFolder(file);
      for (const target of relativeImports(file)) {
        const to = topFolder(target);
        if (folder === 'emulator' && to !== 'emulator')
          violations.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
        if (folder !== 'emulator' && folder !== 'server' && to === 'emulator') {
          violations.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
