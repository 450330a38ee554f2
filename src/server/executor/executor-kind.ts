/**
 * How the gateway executes an operation once Apollo has parsed and validated
 * it: `jit` runs a graphql-jit executor compiled once per document and
 * operation (the default: several times cheaper per field than graphql-js),
 * `graphql-js` runs graphql-js's `execute`, as Apollo does on its own. The
 * choice is `EXECUTOR`; the second stays as the reference and the way back.
 */
export const EXECUTOR_KINDS = ['jit', 'graphql-js'] as const;

/** One of {@link EXECUTOR_KINDS}. */
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];
