/**
 * Small tools shared by the fault tests (test/faults): a seeded random
 * source, so fault injection and fuzzing repeat run after run, a GraphQL POST
 * that never waits forever, and polling with a deadline.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same sequence in [0, 1), on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GraphQL answer with its HTTP status and how long it took. */
export interface TimedResponse<T = Record<string, unknown>> {
  status: number;
  elapsedMs: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** POSTs a query; the request is aborted (and the promise rejects) after `timeoutMs`. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  timeoutMs = 10_000,
): Promise<TimedResponse<T>> {
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as Omit<TimedResponse<T>, 'status' | 'elapsedMs'>;
  return { status: res.status, elapsedMs: Date.now() - started, ...body };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value, or throws naming `what` once `timeoutMs` has passed. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
