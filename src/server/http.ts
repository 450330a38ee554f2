import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { type DocumentGate } from './documents/document-gate';
import { jsonTooDeep, MAX_JSON_DEPTH, searchTooDeep } from './json-depth';

/** Requests larger than this are refused before parsing: a body is never buffered without bound (MAX_BODY_BYTES). */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The body as text, or undefined once it passes `maxBytes` (the rest is drained, never buffered). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Refused before parsing: see json-depth.ts. */
const TOO_DEEP = {
  errors: [
    { message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels`, extensions: { code: 'BAD_REQUEST' } },
  ],
};

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * A `node:http` handler for Apollo Server 5, which ships no HTTP framework.
 * It parses JSON bodies itself so malformed ones get a clean 400 rather than
 * reaching Apollo as text, and passes each request through the document
 * gate (trusted documents) before Apollo sees it.
 */
export function apolloHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  context: (req: IncomingMessage) => Promise<TContext>,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  documents?: Pick<DocumentGate, 'http'>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    if (searchTooDeep(url.searchParams)) return sendJson(res, 400, TOO_DEEP);
    if (req.method === 'POST') {
      const raw = await readBody(req, maxBodyBytes);
      if (raw === undefined) {
        return sendJson(res, 413, {
          errors: [{ message: 'Request body too large', extensions: { code: 'BAD_REQUEST' } }],
        });
      }
      const contentType = headers.get('content-type') ?? '';
      if (contentType.includes('json')) {
        if (jsonTooDeep(raw)) return sendJson(res, 400, TOO_DEEP);
        try {
          body = raw === '' ? {} : JSON.parse(raw);
        } catch {
          return sendJson(res, 400, {
            errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          });
        }
      } else {
        body = raw;
      }
    }
    let search = url.search;
    if (documents) {
      const admitted = documents.http(body, search);
      if ('status' in admitted) return sendJson(res, admitted.status, admitted.body);
      ({ body, search } = admitted);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
      context: () => context(req),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
