import { type Draw } from './draw';

/** One HTTP request to send. */
export interface HttpCase {
  kind: 'http';
  category: string;
  method: string;
  /** Path and query string, e.g. `/graphql?query=...`. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Sent with chunked transfer encoding (no content-length). */
  chunked?: boolean;
}

/** Everything a case builder needs. */
export interface CaseContext {
  draw: Draw;
  /** A valid `Authorization` header value. */
  authorization: string;
  /** MAX_BODY_BYTES of the gateway under test. */
  maxBodyBytes: number;
  /** Names of pipelines that exist. */
  pipelines: readonly string[];
}

/** The fields asked of a pipeline in cases that need a realistic selection. */
export const PIPELINE_FIELDS = 'name stages { name latestExecution { status } }';

/** A POST to /graphql with a JSON content type and valid auth, unless `headers` says otherwise. */
export function post(
  ctx: CaseContext,
  category: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): HttpCase {
  return {
    kind: 'http',
    category,
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: ctx.authorization, ...headers },
    body,
  };
}

/** A POST of a GraphQL request body built from `query`, `variables` and any extra members. */
export function postQuery(
  ctx: CaseContext,
  category: string,
  query: string,
  variables?: unknown,
  extra: Record<string, unknown> = {},
): HttpCase {
  return post(ctx, category, JSON.stringify({ query, variables, ...extra }));
}
