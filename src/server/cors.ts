import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type WebConfig } from './web/web-config';

/** Methods the graph answers from another origin: queries and mutations over GET and POST. */
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Request headers a cross-origin client may send: JSON bodies, credentials and Apollo's CSRF headers. */
const ALLOWED_HEADERS =
  'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, apollo-client-name, apollo-client-version, x-request-id';
/** Response headers a cross-origin client may read: the request id for support, and the rate limit's wait. */
const EXPOSED_HEADERS = 'x-request-id, retry-after';
/** How long a browser may reuse a preflight answer. */
const MAX_AGE_SECONDS = '600';

/**
 * CORS for `/graphql`, from the `CORS_ORIGINS` allowlist. An allowed origin gets
 * `Access-Control-Allow-Origin` naming it (never a wildcard while credentials
 * are allowed) and its preflight is answered 204 here; any other origin gets
 * no CORS header at all, so the browser keeps its answers from the page.
 * CORS only loosens what browsers read: Apollo's CSRF prevention still
 * refuses simple requests, whatever their origin.
 *
 * Returns true when it has answered the request (a preflight).
 */
export function corsHandler(config: WebConfig): (req: IncomingMessage, res: ServerResponse) => boolean {
  const any = config.corsOrigins.includes('*');
  const allowed = new Set(config.corsOrigins);
  return (req, res) => {
    const origin = req.headers.origin;
    if (origin === undefined || config.corsOrigins.length === 0) return false;
    if (!any && !allowed.has(origin)) return false;
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-allow-origin', any ? '*' : origin);
    if (config.corsCredentials) res.setHeader('access-control-allow-credentials', 'true');
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!preflight) {
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      return false;
    }
    res.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': MAX_AGE_SECONDS,
      'content-length': '0',
    });
    res.end();
    return true;
  };
}
