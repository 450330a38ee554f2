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
  // Built on every read of every field: plain concatenation, and encoding only for text that needs it.
  let key = `${kind}|${targetKey(target)}`;
  for (const part of parts) key += `|${keyPart(part)}`;
  return key;
}

/** Characters that pass `encodeURIComponent` unchanged: most names and ids, which then skip it. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

function keyPart(part: string | number | undefined): string {
  if (part === undefined) return '';
  if (typeof part === 'number') return String(part);
  return UNRESERVED.test(part) ? part : encodeURIComponent(part);
}

/** The invalidation tag of everything cached about one pipeline of a target, per kind. */
export function pipelineTag(kind: string, target: Target, pipelineName: string): string {
  return `${kind}|${targetKey(target)}|${encodeURIComponent(pipelineName)}`;
}

/** The dependency name of one cache key, so key and tag invalidations meet in one namespace. */
export function keyDependency(cacheKey: string): string {
  return `key|${cacheKey}`;
}
