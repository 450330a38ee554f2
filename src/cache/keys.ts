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
  // Built on every read of every field: found again by its parts, so a warm read builds no string and
  // every later lookup of the key (the request's loader, the near cache) hashes one it has hashed before.
  return remembered(kind, target, parts, () => buildKey(kind, target, parts));
}

/**
 * A string built once per distinct path (`first`, the target, then `parts`)
 * and found again by it: the same string object each time, whose hash the
 * engine keeps, for keys and tags that every warm read would otherwise
 * rebuild and rehash.
 */
export function remembered(
  first: string,
  target: Target,
  parts: readonly unknown[],
  build: () => string,
): string {
  let node = child(roots, first);
  node = child((node.next ??= new Map()), target);
  for (const part of parts) node = child((node.next ??= new Map()), part);
  if (node.key === undefined) {
    if (built >= MAX_REMEMBERED_KEYS) forgetKeys();
    built += 1;
    node.key = build();
  }
  return node.key;
}

/** One step of the path to a key: the key itself once built, and the steps below. */
interface KeyNode {
  key?: string;
  next?: Map<unknown, KeyNode>;
}

/** Keys remembered before the memo starts again: bounds its memory whatever the estate's size. */
const MAX_REMEMBERED_KEYS = 200_000;
let roots = new Map<unknown, KeyNode>();
let built = 0;

function forgetKeys(): void {
  roots = new Map();
  built = 0;
}

function child(nodes: Map<unknown, KeyNode>, part: unknown): KeyNode {
  let node = nodes.get(part);
  if (!node) nodes.set(part, (node = {}));
  return node;
}

function buildKey(kind: string, target: Target, parts: readonly (string | number | undefined)[]): string {
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
  let name = dependencyNames.get(cacheKey);
  if (name === undefined) {
    if (dependencyNames.size >= MAX_REMEMBERED_KEYS) dependencyNames.clear();
    dependencyNames.set(cacheKey, (name = `key|${cacheKey}`));
  }
  return name;
}

/** Dependency names by cache key: the response cache indexes every answer by them. */
const dependencyNames = new Map<string, string>();
