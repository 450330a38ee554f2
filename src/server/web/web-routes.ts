import { type IncomingMessage, type ServerResponse } from 'node:http';
import { DASHBOARD_CSP, GRAPHIQL_CSP, setSecurityHeaders } from './security-headers';
import { type Asset, StaticAssets } from './static-assets';
import { type WebConfig } from './web-config';

/** The browser side of the gateway: the dashboard at `/`, its assets, and GraphiQL on `GET /graphql`. */
export interface WebRoutes {
  /** Answers the request when it is one of the browser routes; false leaves it to the graph (or a 404). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

/** True for a browser navigating to `/graphql`, as opposed to a GraphQL GET (which carries `query`). */
function wantsGraphiql(req: IncomingMessage, url: URL): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url.searchParams.has('query')) return false;
  return (req.headers.accept ?? '').includes('text/html');
}

function send(req: IncomingMessage, res: ServerResponse, asset: Asset, csp: string): void {
  setSecurityHeaders(res, csp);
  res.setHeader('etag', asset.etag);
  // Revalidated every time (the names carry no hash); an unchanged file costs a 304.
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304).end();
    return;
  }
  const gzip = asset.gzipped !== undefined && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = gzip && asset.gzipped ? asset.gzipped : asset.body;
  res.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': body.length,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notBuilt(res: ServerResponse): void {
  setSecurityHeaders(res);
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end('The web assets are not built: run `npm run build`.\n');
}

/**
 * Serves the dashboard (`/`), the built assets (`/assets/*`) and, when
 * `GRAPHIQL` allows it, GraphiQL to browsers on `GET /graphql`. Every answer
 * carries the security headers and a CSP of 'self'.
 */
export function createWebRoutes(config: WebConfig, assets = new StaticAssets()): WebRoutes {
  return {
    serve(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      let file: string;
      let csp = DASHBOARD_CSP;
      if (path === '/graphql') {
        if (!config.graphiql || !wantsGraphiql(req, url)) return false;
        file = 'graphiql.html';
        csp = GRAPHIQL_CSP;
      } else if (path === '/' || path === '/index.html') {
        file = 'index.html';
      } else if (path.startsWith('/assets/')) {
        file = path.slice(1);
        if (file.startsWith('assets/graphiql/')) {
          if (!config.graphiql) return false;
          csp = GRAPHIQL_CSP;
        }
      } else {
        return false;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Method not allowed\n');
        return true;
      }
      const asset = assets.get(file);
      if (asset) {
        send(req, res, asset, csp);
      } else if (file.startsWith('assets/')) {
        setSecurityHeaders(res);
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found\n');
      } else {
        notBuilt(res);
      }
      return true;
    },
  };
}
