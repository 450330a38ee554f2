/**
 * How long each kind of data stays fresh. Declarations of a given version
 * never change, so they live long; live state and executions change by the
 * second, so they live seconds. All are configurable at start-up.
 */
export interface CacheTtls {
  /** A declaration of a known version (immutable). */
  declarationMs: number;
  /** The latest declaration of a pipeline (changes on UpdatePipeline). */
  latestDeclarationMs: number;
  /** Pipeline lists and webhook lists. */
  listMs: number;
  /** GetPipelineState. */
  stateMs: number;
  /** Execution lists and running executions, action and rule executions, deploy targets. */
  executionsMs: number;
  /** A finished execution (it will not change again). */
  finishedExecutionMs: number;
  /** Tags. */
  tagsMs: number;
  /** Action and rule types. */
  typesMs: number;
}

/** Defaults: a dashboard refreshing every few seconds sees live state, and the rest is reused. */
export const DEFAULT_TTLS: CacheTtls = {
  declarationMs: 24 * 60 * 60 * 1000,
  latestDeclarationMs: 5 * 60 * 1000,
  listMs: 30 * 1000,
  stateMs: 3 * 1000,
  executionsMs: 5 * 1000,
  finishedExecutionMs: 60 * 60 * 1000,
  tagsMs: 10 * 60 * 1000,
  typesMs: 60 * 60 * 1000,
};
