import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 10, defect 5: test output was noisy with console.log and the fuzz
 * summary table. Tests print only through `test/support/verbose.ts`, which
 * stays silent unless VERBOSE is set; a failing expectation says the rest.
 */

const ROOT = join(__dirname, '..', '..');
const TESTS = join(ROOT, 'test');
const PRINTER = join(TESTS, 'support', 'verbose.ts');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('test output', () => {
  it('comes from no console call outside the VERBOSE printer', () => {
    const offenders = files(TESTS)
      .filter((path) => path !== PRINTER && path !== __filename)
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(ROOT, path)}:${i + 1}` }))
          .filter(({ line }) => /\bconsole\.(log|info|warn|table|debug|dir)\s*\(/.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
