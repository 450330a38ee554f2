/**
 * Passes on only the values `keep` accepts. A hand-written iterator, not an
 * async generator: `return()` goes straight to the source, so a subscriber
 * that leaves while waiting releases its watch at once instead of behind the
 * next (possibly filtered-out) event.
 */
export function filterIterator<T>(
  source: AsyncIterableIterator<T>,
  keep: (value: T) => boolean,
): AsyncIterableIterator<T> {
  return {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const result = await source.next();
        if (result.done || keep(result.value)) return result;
      }
    },
    return: (value?: unknown) =>
      source.return ? source.return(value) : Promise.resolve({ done: true, value: undefined }),
    throw: (err?: unknown) => (source.throw ? source.throw(err) : Promise.reject(err)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
