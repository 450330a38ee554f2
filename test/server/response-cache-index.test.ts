import { ResponseCache } from '../../src/server/response-cache';

describe('the response cache index', () => {
  it('drops every answer built from a dropped dependency, and only those', () => {
    const cache = new ResponseCache(10);
    cache.set('a', 'A', 60_000, ['key|x', 'tag|t']);
    cache.set('b', 'B', 60_000, ['key|y']);
    cache.drop(['tag|t']);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('B');
  });

  it('never drops a newer answer under the same key for a dependency only the older one had', () => {
    const cache = new ResponseCache(10);
    cache.set('a', 'old', 60_000, ['key|x']);
    cache.set('a', 'new', 60_000, ['key|y']);
    cache.drop(['key|x']);
    expect(cache.get('a')).toBe('new');
    cache.drop(['key|y']);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps its index within a small multiple of the live answers while answers come and go', () => {
    const cache = new ResponseCache(10);
    const deps = Array.from({ length: 50 }, (_, i) => `key|d${i}`);
    for (let i = 0; i < 5_000; i += 1) cache.set(`q${i}`, i, 60_000, deps);
    expect(cache.size).toBe(10);
    expect(cache.listings).toBeLessThanOrEqual(4 * 10 * deps.length);
    // The survivors are still dropped by their dependencies.
    cache.drop(['key|d7']);
    expect(cache.size).toBe(0);
  });

  it('takes any iterable of dependencies, with repeats', () => {
    const cache = new ResponseCache(10);
    cache.set('a', 'A', 60_000, new Set(['key|x']));
    cache.set('b', 'B', 60_000, ['key|x', 'key|x']);
    cache.drop(['key|x']);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([undefined, undefined, 0]);
  });
});
