import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 10, defect 5: messages wrote the name characters as `[A-Za-z0-9.@-_]`,
 * which reads as the range from `@` to `_` (that would let `[`, `\`, `]` and
 * `^` in). Messages put the hyphen last; regular expressions escape it.
 */

const ROOT = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the name characters', () => {
  it('are never written as the range @-_ outside a comment', () => {
    const offenders = files(join(ROOT, 'src')).flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line, i) => ({ line: line.trim(), at: `${relative(ROOT, path)}:${i + 1}` }))
        .filter(({ line }) => !line.startsWith('*') && !line.startsWith('//') && line.includes('@-_'))
        .map(({ at, line }) => `${at}: ${line}`),
    );
    expect(offenders).toEqual([]);
  });
});
