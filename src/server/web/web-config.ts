import { ConfigError, type Env, oneOf } from '../env';

/** What browsers get: which other origins may call the graph, and whether GraphiQL is served. */
export interface WebConfig {
  /** Origins allowed by CORS (`scheme://host[:port]`), or `['*']` for any; empty means same origin only. */
  corsOrigins: readonly string[];
  /** Whether CORS answers allow credentials (`Access-Control-Allow-Credentials: true`). */
  corsCredentials: boolean;
  /** GraphiQL on `GET /graphql` with `Accept: text/html`. */
  graphiql: boolean;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
}

/** Reads one allowlisted origin; anything but a bare origin is a mistake worth stopping for. */
function parseOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'CORS_ORIGINS',
      `holds "${raw}", which is not an origin such as https://app.example.com`,
    );
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && !raw.endsWith('/');
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare || url.username !== '') {
    throw new ConfigError(
      'CORS_ORIGINS',
      `holds "${raw}"; each entry must be a bare origin (scheme://host[:port], no path)`,
    );
  }
  return url.origin;
}

/**
 * Reads `CORS_ORIGINS` (comma-separated origins), `CORS_CREDENTIALS` (default true) and `GRAPHIQL` (default on
 * outside production). `*` with credentials is refused: it would let every site on the web call the graph with
 * the browser's credentials, and browsers refuse that combination anyway.
 */
export function parseWebConfig(env: Env, production: boolean): WebConfig {
  const corsCredentials = boolVar(env, 'CORS_CREDENTIALS', true);
  const entries = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.includes('*')) {
    if (corsCredentials) {
      throw new ConfigError(
        'CORS_ORIGINS',
        'must list origins when credentials are allowed: "*" is refused (set CORS_CREDENTIALS=false to allow any origin without credentials)',
      );
    }
    if (entries.length > 1) throw new ConfigError('CORS_ORIGINS', 'must be "*" alone or a list of origins');
    return { corsOrigins: ['*'], corsCredentials, graphiql: boolVar(env, 'GRAPHIQL', !production) };
  }
  return {
    corsOrigins: [...new Set(entries.map(parseOrigin))],
    corsCredentials,
    graphiql: boolVar(env, 'GRAPHIQL', !production),
  };
}
