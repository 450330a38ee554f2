import { type GqlResponse, type TestGateway } from '../../support/gateway';

/** API keys of the auth tests: `<key> <role> <patterns> <id>` lines for API_KEYS. */
export const KEYS = {
  viewer: 'viewer-key-team-a-0123456789',
  operator: 'operator-key-team-a-0123456789',
  admin: 'admin-key-everything-0123456789',
  scopedAdmin: 'admin-key-team-a-0123456789',
} as const;

/** API_KEYS for {@link KEYS}: the viewer, operator and scoped admin see `team-a-*` only. */
export const API_KEYS = [
  `${KEYS.viewer} viewer team-a-* viewer-a`,
  `${KEYS.operator} operator team-a-* operator-a`,
  `${KEYS.admin} admin * admin`,
  `${KEYS.scopedAdmin} admin team-a-* admin-a`,
].join(';');

/** A GraphQL POST with an optional bearer credential, answering status, headers and body. */
export async function gql<T = Record<string, unknown>>(
  gateway: TestGateway,
  credential: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResponse<T> & { headers: Headers }> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential === undefined ? {} : { authorization: `Bearer ${credential}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    headers: res.headers,
    ...((await res.json()) as Omit<GqlResponse<T>, 'status'>),
  };
}

/** The `extensions.code` of a response's first error. */
export function codeOf(res: GqlResponse): unknown {
  return res.errors?.[0]?.extensions?.code;
}

/** Polls `check` until it holds, failing with `what` after the deadline. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
