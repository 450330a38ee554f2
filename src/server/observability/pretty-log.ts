import { Writable } from 'node:stream';

/** `LOG_FORMAT`: JSON lines for log pipelines (the default), or `pretty` for a person at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;

/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Fields every line has, which the pretty form shows in its own way or leaves out. */
const SHOWN_APART = new Set(['level', 'time', 'msg', 'service', 'summary']);

function value(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/**
 * One JSON log line as a person reads it: the time of day, the level, the
 * message, then the other fields as `key=value`, and a `summary` list (the
 * start-up banner's facts) one item per line. A line that is not JSON
 * passes as it is.
 */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = String(entry.level ?? '')
    .toUpperCase()
    .padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key, v]) => !SHOWN_APART.has(key) && v !== undefined)
    .map(([key, v]) => `${key}=${value(v)}`);
  const head = [time, level, String(entry.msg ?? ''), ...fields].filter((part) => part !== '').join(' ');
  const summary = Array.isArray(entry.summary) ? entry.summary.map((item) => `\n    ${String(item)}`) : [];
  return head + summary.join('');
}

/**
 * A pino destination that writes {@link prettyLine} forms to `out`: the same
 * log lines, fields and redaction as JSON, only printed for people. Needs no
 * package (pino-pretty is a development tool, not shipped).
 */
export function prettyDestination(out: { write(chunk: string): unknown } = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        out.write(`${prettyLine(pending.slice(0, newline))}\n`);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      done();
    },
  });
}
