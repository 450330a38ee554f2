import { request } from 'node:http';
import WebSocket from 'ws';
import { type HttpCase } from './fuzz-http-cases';
import { type WsCase } from './fuzz-ws-cases';

/**
 * Sends fuzz cases with raw `node:http` and `ws`, which (unlike fetch) send
 * any method, header, body and framing they are given, and report exactly
 * what came back.
 */

/** What one case got back. */
export interface CaseResult {
  category: string;
  /** HTTP status; for a WebSocket, the status of a refused upgrade, if it was refused. */
  status?: number;
  /** How a WebSocket was closed (by the server, or by us after a quiet spell: 1000). */
  closeCode?: number;
  /** GraphQL errors found in the answer (HTTP body, or graphql-ws `error`/`next` payloads). */
  errors: { message?: unknown; extensions?: { code?: unknown } }[];
  /** A WebSocket handshake the client abandoned because of the server's answer (e.g. no subprotocol). */
  refused?: string;
  /** The request itself failed (no answer, connection reset): a crash looks like this. */
  failure?: string;
  /** A short description of the case, for failure messages. */
  label: string;
}

function collectErrors(value: unknown): CaseResult['errors'] {
  if (Array.isArray(value)) return value.flatMap(collectErrors);
  if (value && typeof value === 'object' && 'errors' in value) {
    const errors = (value as { errors: unknown }).errors;
    if (Array.isArray(errors)) return errors as CaseResult['errors'];
  }
  return [];
}

function describe(c: HttpCase): string {
  const size = c.body === undefined ? 0 : Buffer.byteLength(c.body);
  const head = c.body === undefined ? '' : ` ${Buffer.from(c.body.slice(0, 120)).toString('utf8')}`;
  return `${c.category}: ${c.method} ${c.path.slice(0, 80)} (${size} bytes${c.chunked ? ', chunked' : ''})${head}`;
}

/** Sends one HTTP case to `base` (`http://host:port`), giving up after `timeoutMs`. */
export function runHttpCase(base: string, c: HttpCase, timeoutMs = 15_000): Promise<CaseResult> {
  const url = new URL(base);
  const label = describe(c);
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...c.headers };
    if (c.body !== undefined && !c.chunked) headers['content-length'] = Buffer.byteLength(c.body);
    const req = request(
      { host: url.hostname, port: url.port, method: c.method, path: c.path, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => resolve({ category: c.category, label, errors: [], failure: String(err) }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const status = res.statusCode;
          // A server fault's answer is kept in the label: it says what broke.
          const shown = status !== undefined && status >= 500 ? `${label} -> ${text.slice(0, 300)}` : label;
          resolve({ category: c.category, label: shown, status, errors: collectErrors(json) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => {
      // The server may answer (413) and close before the whole body was written: that is an answer, not a crash.
      resolve({ category: c.category, label, errors: [], failure: String(err) });
    });
    if (c.body !== undefined) req.end(c.body);
    else req.end();
  });
}

/**
 * Runs one WebSocket conversation against `wsUrl`: sends its frames, then
 * listens until the server closes the socket or stays quiet for `quietMs`.
 */
export function runWsCase(wsUrl: string, c: WsCase, quietMs = 400, timeoutMs = 15_000): Promise<CaseResult> {
  const shown = (f: WsCase['frames'][number]): string =>
    typeof f.data !== 'string'
      ? `<${f.data.length} bytes>`
      : f.data.includes('"connection_init"') && f.data.length < 200
        ? 'init'
        : f.data.slice(0, 160);
  const label = `${c.category} (${c.protocol ?? 'no subprotocol'}): ${c.frames.map(shown).join(' | ').slice(0, 400)}`;
  return new Promise((resolve) => {
    const errors: CaseResult['errors'] = [];
    const socket = new WebSocket(wsUrl, c.protocol === undefined ? [] : [c.protocol], { maxPayload: 0 });
    let status: number | undefined;
    let quiet: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (result: Partial<CaseResult>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(quiet);
      clearTimeout(deadline);
      resolve({ category: c.category, label, errors, status, ...result });
    };
    const deadline = setTimeout(() => {
      socket.terminate();
      finish({ failure: `conversation not over within ${timeoutMs} ms` });
    }, timeoutMs);
    const armQuiet = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(() => socket.close(1000), quietMs);
    };
    socket.on('unexpected-response', (_req, res) => {
      status = res.statusCode;
      res.resume();
      finish({});
    });
    let acked: () => void = () => undefined;
    socket.on('open', () => {
      void (async () => {
        for (const frame of c.frames) {
          if (socket.readyState !== WebSocket.OPEN) break;
          const ack = new Promise<void>((r) => (acked = r));
          socket.send(frame.data, { binary: frame.binary === true });
          if (frame.awaitAck) {
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([ack, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
            clearTimeout(timer);
          }
        }
        armQuiet();
      })();
    });
    socket.on('close', () => acked());
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      armQuiet();
      if (isBinary) return;
      try {
        const message = JSON.parse(data.toString('utf8')) as { type?: string; payload?: unknown };
        if (message.type === 'connection_ack') acked();
        if (message.type === 'error' && Array.isArray(message.payload)) {
          errors.push(...(message.payload as CaseResult['errors']));
        } else if (message.type === 'next') {
          errors.push(...collectErrors(message.payload));
        }
      } catch {
        errors.push({ message: 'unparseable frame from the server' });
      }
    });
    socket.on('close', (code) => finish({ closeCode: code }));
    socket.on('error', (err) => {
      if (status !== undefined) return;
      // The server declined every subprotocol offered (graphql-ws does so for unknown ones): a refusal, not a fault.
      if (err.message === 'Server sent no subprotocol') finish({ refused: 'no subprotocol' });
      else finish({ failure: String(err) });
    });
  });
}
