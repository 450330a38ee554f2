/**
 * A value in hand, or a promise of it. Loaders answer synchronously when a
 * request already holds a value (or the near cache does), so resolvers can
 * return it without a promise; the compiled executor then completes the
 * field inline. These helpers chain either kind without creating a promise
 * for a value already in hand.
 */
export type InHand<T> = T | Promise<T>;

/** True for a promise (or any thenable). */
export function isPromiseLike<T>(value: InHand<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** `next(value)`: at once when the value is in hand, after it settles otherwise. */
export function then<T, R>(value: InHand<T>, next: (value: T) => InHand<R>): InHand<R> {
  return isPromiseLike(value) ? value.then(next) : next(value);
}

/** `next(a, b)` once both are in hand; a promise only when either is one. */
export function both<A, B, R>(a: InHand<A>, b: InHand<B>, next: (a: A, b: B) => InHand<R>): InHand<R> {
  if (isPromiseLike(a) || isPromiseLike(b)) {
    return Promise.all([a, b]).then(([x, y]) => next(x, y));
  }
  return next(a, b);
}
