/** A GraphQL answer as the bench reads it. */
export interface GqlResult<T> {
  data?: T;
  errors?: { message: string }[];
  extensions?: Record<string, unknown>;
}

/** The body every bench request sends for `query`. */
export function requestBody(query: string, variables?: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

/** Posts one query; throws on a non-200 status or GraphQL errors. */
export async function postQuery<T>(url: string, query: string): Promise<GqlResult<T> & { data: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody(query),
  });
  const body = (await res.json()) as GqlResult<T>;
  if (res.status !== 200 || body.errors !== undefined || body.data === undefined) {
    throw new Error(`query failed at ${url}: HTTP ${res.status} ${JSON.stringify(body.errors ?? body)}`);
  }
  return body as GqlResult<T> & { data: T };
}
