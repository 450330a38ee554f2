import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { slackSignature } from '../../src/integrations/slack/signature';

/**
 * A stand-in for Slack's Web API, on port 0: it speaks the protocol
 * @slack/web-api speaks (form-encoded POSTs to `/api/<method>` with a bearer
 * token, JSON answers `{ ok, ... }`, 429 with `Retry-After`), records every
 * call, and can be told to rate-limit a call. It also signs requests the way
 * Slack signs the ones it sends to an app.
 */

/** One call the gateway made. */
export interface SlackCall {
  method: string;
  /** The arguments, with JSON-encoded ones (blocks) decoded. */
  args: Record<string, unknown>;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** 200, or 429 when the stand-in rate-limited it. */
  status: number;
  /** What the stand-in answered (for chat.postMessage, the `ts` later updates name). */
  response: Record<string, unknown>;
}

/** A running stand-in. */
export interface SlackStandIn {
  /** The base URL to give SLACK_API_URL (ends with `/api/`). */
  apiUrl: string;
  token: string;
  calls: SlackCall[];
  /** Calls of one method that were answered (not rate-limited). */
  answered(method: string): SlackCall[];
  /** The next `count` calls of `method` matching `match` get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(
    method: string,
    count: number,
    retryAfterSeconds: number,
    match?: (args: Record<string, unknown>) => boolean,
  ): void;
  /** Resolves once `probe` finds something, or rejects after `timeoutMs`. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function decodeArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const looksJson = value.startsWith('[') || value.startsWith('{');
    args[key] = looksJson ? JSON.parse(value) : value;
  }
  return args;
}

/** Starts a stand-in Slack that accepts `token`. */
export async function startSlackStandIn(token = 'xoxb-test-token'): Promise<SlackStandIn> {
  const calls: SlackCall[] = [];
  const limits: {
    method: string;
    left: number;
    retryAfter: number;
    match?: (a: Record<string, unknown>) => boolean;
  }[] = [];
  let seq = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = decodeArgs(await readBody(req), req.headers['content-type'] ?? '');
      const answer = (
        status: number,
        body: Record<string, unknown>,
        headers: Record<string, string> = {},
      ): void => {
        calls.push({ method, args, at: Date.now(), status, response: body });
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      const limit = limits.find((l) => l.method === method && l.left > 0 && (!l.match || l.match(args)));
      if (limit) {
        limit.left -= 1;
        return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfter) });
      }
      if (req.headers.authorization !== `Bearer ${token}`)
        return answer(200, { ok: false, error: 'invalid_auth' });
      const channel = typeof args.channel === 'string' ? args.channel : undefined;
      if (!channel) return answer(200, { ok: false, error: 'channel_not_found' });
      const message = { type: 'message', text: args.text, blocks: args.blocks };
      switch (method) {
        case 'chat.postMessage': {
          seq += 1;
          const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, '0')}`;
          return answer(200, { ok: true, channel, ts, message: { ...message, ts } });
        }
        case 'chat.update':
          if (typeof args.ts !== 'string') return answer(200, { ok: false, error: 'message_not_found' });
          return answer(200, { ok: true, channel, ts: args.ts, text: args.text, message });
        case 'chat.postEphemeral':
          return answer(200, { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.999999` });
        default:
          return answer(200, { ok: false, error: 'unknown_method' });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    token,
    calls,
    answered: (method) => calls.filter((c) => c.method === method && c.status === 200),
    rateLimit: (method, count, retryAfter, match) => limits.push({ method, left: count, retryAfter, match }),
    waitFor: async (what, probe, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Posts a form to the gateway as Slack does: signed with `secret` at `timestamp` (seconds; default now). */
export async function postAsSlack(
  url: string,
  secret: string,
  form: Record<string, string>,
  options: { timestamp?: number; signature?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const body = new URLSearchParams(form).toString();
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
