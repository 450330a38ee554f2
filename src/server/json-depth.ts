/**
 * The deepest JSON nesting a request may carry, in its body or in the
 * `variables` and `extensions` of a GET. Real variables nest a handful of
 * levels (a pipeline declaration about ten); JSON.parse copes with any
 * depth, but every recursive walk after it (JSON.stringify in the response
 * cache key, cost measurement, logging) overflows the stack on a few tens of
 * thousands, which Apollo reports as a 500.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Whether `raw` opens more than `maxDepth` nested arrays or objects at
 * once. One pass over the text, skipping strings (a GraphQL query's braces
 * live inside one), without parsing it.
 */
export function jsonTooDeep(raw: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The `variables` or `extensions` of a GET's query string that nest too deeply, if any. */
export function searchTooDeep(search: URLSearchParams, maxDepth = MAX_JSON_DEPTH): boolean {
  return ['variables', 'extensions'].some((name) => jsonTooDeep(search.get(name) ?? '', maxDepth));
}
