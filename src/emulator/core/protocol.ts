import { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AwsError } from './errors';

/** The `x-amz-target` prefix of every CodePipeline operation. */
export const TARGET_PREFIX = 'CodePipeline_20150709.';

/** Content type of AWS JSON 1.1 requests and responses. */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Bodies above this size are refused, as AWS does, rather than buffered without bound. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Converts a handler result to its wire form: `Date`s become epoch seconds
 * (with millisecond fractions, as AWS sends them) and `undefined` members vanish.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toWire(v);
    }
    return out;
  }
  return value;
}

/** Reads a whole request body, refusing oversized ones. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError('SerializationException', 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses an AWS JSON 1.1 body; an empty body is an empty input, as the SDK sends for no-arg calls. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsError('SerializationException', 'Request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** A fresh request id, in the UUID shape AWS uses. */
export function newRequestId(): string {
  return randomUUID();
}

/** Writes a JSON response with the AWS request id header. */
export function sendJson(res: ServerResponse, status: number, requestId: string, payload: unknown): void {
  const body = JSON.stringify(toWire(payload));
  res.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

/** Writes an AWS error exactly as the SDK's JSON 1.1 deserializer expects it. */
export function sendError(res: ServerResponse, requestId: string, err: AwsError): void {
  res.setHeader('x-amzn-errortype', err.type);
  sendJson(res, err.status, requestId, { __type: err.type, message: err.message });
}
