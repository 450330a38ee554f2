import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import { type LogFormat, prettyDestination } from './pretty-log';

/** The levels `LOG_LEVEL` accepts, quietest last. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Field names whose values are secrets wherever they appear: credentials in
 * headers and graphql-ws `connectionParams`, CodePipeline tokens (approval
 * `token`, `clientToken`, job `nonce`), webhook `SecretToken`, and AWS
 * credentials. Nothing logs them on purpose (request lines carry variable
 * *names* only, never the query text); redaction is the second line of
 * defence for an object logged by mistake.
 */
export const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  'connectionParams',
  'token',
  'clientToken',
  'SecretToken',
  'secretToken',
  'secretAccessKey',
  'sessionToken',
  'accessKeyId',
  'nonce',
  'password',
  'apiKey',
  'jwt',
] as const;

/** Redaction paths for {@link SECRET_FIELDS}: at the top of a log object and up to three levels down. */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const field of SECRET_FIELDS) {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
    const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
    paths.push(key, join('*'), join('*.*'), join('*.*.*'));
  }
  return paths;
}

/**
 * The gateway's root logger: JSON lines on stdout (or `destination`, which
 * tests use to read what was logged), at `level`, with secrets redacted;
 * with `format` `pretty` (`LOG_FORMAT`), the same lines printed for people.
 * One per gateway; request loggers are its children.
 */
export function createLogger(
  level: LogLevel = 'info',
  destination?: DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const options = {
    level,
    base: { service: 'codepipeline-gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
    // pino's default `err` serializer types a plain object as "Object": an Error becomes errorField's shape,
    // and what errorField already shaped passes as it is.
    serializers: { err: (value: unknown) => (value instanceof Error ? errorField(value) : value) },
  };
  if (format === 'pretty') return pino(options, prettyDestination(destination ?? process.stdout));
  return destination ? pino(options, destination) : pino(options);
}

/** What an inbound `x-request-id` may look like to be reused: short, and nothing that could forge a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The request id: the caller's `x-request-id` when it is sane (a load
 * balancer or client that set one can then follow the request through),
 * otherwise a new UUID.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** An error as a log field: message, name and stack; never the raw object (SDK errors carry request metadata). */
export function errorField(err: unknown): { type: string; message: string; stack?: string } {
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err, message: String(err) };
}

/**
 * A warning that may fire on every request (the cache is down): logged at
 * most once per `intervalMs`, with how many were held back since the last
 * line, so an outage shows in the logs without flooding them.
 */
export function throttledWarn(logger: Logger, message: string, intervalMs = 5_000): (err: unknown) => void {
  let lastAtMs = -Infinity;
  let suppressed = 0;
  return (err) => {
    const now = Date.now();
    if (now - lastAtMs < intervalMs) {
      suppressed += 1;
      return;
    }
    logger.warn({ err: errorField(err).message, suppressed }, message);
    lastAtMs = now;
    suppressed = 0;
  };
}
