import { createLogger } from '../../../src/server/observability/logger';
import { prettyLine } from '../../../src/server/observability/pretty-log';

/** LOG_FORMAT=pretty: the JSON log lines, printed for a person at a terminal. */

describe('the pretty log format', () => {
  it('prints the time of day, the level, the message, then the fields as key=value', () => {
    const line = JSON.stringify({
      level: 'info',
      time: '2026-12-06T14:10:01.123Z',
      service: 'codepipeline-gateway',
      reqId: 'r-1',
      operation: 'Dashboard',
      status: 200,
      durationMs: 12.5,
      cache: { hits: 3 },
      msg: 'graphql request',
    });
    expect(prettyLine(line)).toBe(
      '14:10:01.123 INFO  graphql request reqId=r-1 operation=Dashboard status=200 durationMs=12.5 cache={"hits":3}',
    );
  });

  it('prints a summary one item per line, and passes a line that is not JSON as it is', () => {
    const line = JSON.stringify({
      level: 'info',
      time: '2026-12-06T14:10:01.123Z',
      summary: ['a: b', 'c: d'],
      msg: 'up',
    });
    expect(prettyLine(line)).toBe('14:10:01.123 INFO  up\n    a: b\n    c: d');
    expect(prettyLine('plain text')).toBe('plain text');
  });

  it('keeps the redaction of the JSON form', () => {
    const written: string[] = [];
    const logger = createLogger('info', { write: (chunk: string) => void written.push(chunk) }, 'pretty');
    logger.info({ headers: { authorization: 'Bearer secret' }, who: 'me' }, 'hello');
    expect(written.join('')).toMatch(/INFO {2}hello headers=\{"authorization":"\[redacted\]"\} who=me\n$/);
    expect(written.join('')).not.toContain('secret');
  });
});
