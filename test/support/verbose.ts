/**
 * The one way a test prints: summaries and diagnostics (fuzz tables, timings)
 * reach the console only when VERBOSE is set, so a plain `npm test` shows
 * only what passed and what failed.
 *
 * ```sh
 * VERBOSE=1 npx jest test/faults/hostile-input.test.ts
 * ```
 */
export const VERBOSE = Boolean(process.env.VERBOSE) && process.env.VERBOSE !== '0';

/** Prints `lines` when VERBOSE is set; otherwise does nothing. */
export function report(...lines: string[]): void {
  if (VERBOSE) console.log(lines.join('\n'));
}
