import { type Logger, pino } from 'pino';
import { ConfigError, type Env } from '../env';
import { type LogFormat, prettyDestination } from './pretty-log';
import { redactPaths, SECRET_FIELDS } from './logger';

/**
 * One audit record: who did what. `event` names what happened
 * (`mutation`, `ws.connection.opened`, `ws.connection.refused`,
 * `ws.connection.closed`, `subscription.started`, `subscription.ended`, or an
 * event of another writer, such as Slack's approval decisions); `principal`
 * is the principal's id (`jwt:u-operator`, `apikey:ops`), null when nobody
 * authenticated. Other fields are the event's own.
 */
export interface AuditEntry {
  event: string;
  principal: string | null;
  [field: string]: unknown;
}

/**
 * Where audit records go. Small on purpose: any writer (the gateway's
 * requests and sockets, the Slack integration's approvals) needs only
 * `write`. A writer in a lower layer declares the same one-method shape.
 */
export interface AuditLog {
  write(entry: AuditEntry): void;
  /** Flushes and closes a file destination. */
  close(): Promise<void>;
}

/** `AUDIT_LOG`: stdout, a file, or off. */
export type AuditDestination = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'off' };

/**
 * Reads `AUDIT_LOG` (`stdout`, `file:<path>` or `off`). It defaults to
 * stdout, except under jest (`NODE_ENV=test`, in `env` or in the process:
 * tests hand `parseConfig` an environment of their own), where the lines
 * would drown the test output: the audit tests choose a file.
 */
export function parseAuditDestination(env: Env): AuditDestination {
  const underTest = env.NODE_ENV === 'test' || process.env.NODE_ENV === 'test';
  const raw = env.AUDIT_LOG ?? (underTest ? 'off' : 'stdout');
  if (raw === 'stdout' || raw === '') return { kind: 'stdout' };
  if (raw === 'off') return { kind: 'off' };
  if (raw.startsWith('file:') && raw.length > 'file:'.length) return { kind: 'file', path: raw.slice(5) };
  throw new ConfigError('AUDIT_LOG', `must be stdout, file:<path> or off, got "${raw}"`);
}

const SECRETS = new Set<string>(SECRET_FIELDS.map((f) => f.toLowerCase()));
const MAX_DEPTH = 8;

/**
 * A copy of `value` with every secret field's value replaced by
 * `[redacted]`, at any depth: approval tokens, client tokens, job nonces,
 * webhook secrets. Mutation inputs are recorded this way.
 */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      SECRETS.has(key.toLowerCase()) || /secret|token|password/i.test(key)
        ? '[redacted]'
        : maskSecrets(v, depth + 1),
    ]),
  );
}

/**
 * The audit log: one JSON line per record, `"msg":"audit"`, in the gateway's
 * log format, whatever `LOG_LEVEL` says (an audit trail is not verbosity).
 * `file:` appends to the file, written synchronously so a record is on disk
 * when the request that made it is answered.
 */
export function createAuditLog(destination: AuditDestination, format: LogFormat = 'json'): AuditLog {
  if (destination.kind === 'off') return { write: () => undefined, close: async () => undefined };
  const options = {
    level: 'info',
    base: { service: 'codepipeline-gateway', log: 'audit' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  const file =
    destination.kind === 'file'
      ? pino.destination({ dest: destination.path, mkdir: true, sync: true })
      : undefined;
  const logger: Logger = file
    ? pino(options, file)
    : format === 'pretty'
      ? pino(options, prettyDestination(process.stdout))
      : pino(options);
  return {
    write: (entry) => logger.info(entry, 'audit'),
    close: async () => {
      file?.flushSync();
      file?.end();
    },
  };
}
