import { type Target, targetKey } from '../aws/target';

/**
 * Cache keys. Each begins with its kind of data and its target, so two
 * accounts or regions never share an entry, and a reader of Redis can tell
 * what a key holds.
 */
export function cacheKey(
  kind: string,
  target: Target,
  ...parts: readonly (string | number | undefined)[]
): string {
  return [
    kind,
    targetKey(target),
    ...parts.map((p) => (p === undefined ? '' : encodeURIComponent(String(p)))),
  ].join('|');
}

/** The invalidation tag of everything cached about one pipeline of a target, per kind. */
export function pipelineTag(kind: string, target: Target, pipelineName: string): string {
  return `${kind}|${targetKey(target)}|${encodeURIComponent(pipelineName)}`;
}

/** The dependency name of one cache key, so key and tag invalidations meet in one namespace. */
export function keyDependency(cacheKey: string): string {
  return `key|${cacheKey}`;
}
