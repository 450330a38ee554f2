import { type GraphQLError } from 'graphql';
import { type Target, targetKey } from '../../aws/target';
import { type TargetHealthState } from '../../aws/target-health';
import { type Principal, scopesForTarget } from '../auth/principal';

/**
 * What the graph knows of the targets it spans: each account and region,
 * its alias and its health. Built by the server from the targets and their
 * health board; resolvers read it through the context.
 */

/** One account and region of the graph. */
export interface TargetEntry {
  target: Target;
  alias?: string;
}

/** The targets and their health, in the graph's stable order (account, then region). */
export interface TargetDirectory {
  readonly entries: readonly TargetEntry[];
  /** The health of a target (`UNCHECKED` before its first check). */
  health(target: Target): TargetHealthState;
}

/**
 * The parts of the context that span targets. A resolver of an object that
 * carries its target reads through `at(target)`, which gives that target's
 * loaders, write entry and the caller's scopes for it.
 */
export interface TargetAware {
  targets: TargetDirectory;
  /** The context of one target: its loaders, write entry, and `principal` holding the caller's scopes for it. */
  at(target: Target): this;
  /** The caller as authenticated, with every scope (`account/region/glob` or bare globs). */
  caller: Principal;
  /** Errors of unreachable targets met by a list that still answers with the others; added to `errors`. */
  partialErrors: GraphQLError[];
}

/** The targets in the graph's order: by account, then region. */
export function sortedEntries(entries: readonly TargetEntry[]): TargetEntry[] {
  return [...entries].sort(
    (a, b) =>
      a.target.accountId.localeCompare(b.target.accountId) || a.target.region.localeCompare(b.target.region),
  );
}

/** The entry of a target, by account and region. */
export function entryOf(directory: TargetDirectory, target: Target): TargetEntry | undefined {
  const key = targetKey(target);
  return directory.entries.find((entry) => targetKey(entry.target) === key);
}

/** True when some scope of the caller reaches into the target at all. */
export function callerReaches(caller: Principal, target: Target): boolean {
  return scopesForTarget(caller.pipelinePatterns, target).length > 0;
}

/** The caller as seen by one target: only the pipeline globs of the scopes that apply to it. */
export function principalForTarget(caller: Principal, target: Target): Principal {
  return { ...caller, pipelinePatterns: scopesForTarget(caller.pipelinePatterns, target) };
}
