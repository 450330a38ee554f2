import { type Logger } from 'pino';
import { ConfigError } from '../env';
import { errorField } from './logger';

/**
 * Tells why the gateway could not start, twice: one plain line on stderr for
 * the person at the terminal, and one `fatal` JSON line for log pipelines.
 * A configuration mistake is the operator's, not the code's: it is logged as
 * its variable and message, with no stack. Anything else keeps its stack.
 */
export function reportStartupFailure(
  err: unknown,
  logger: Logger,
  printError: (line: string) => void = (line) => console.error(line),
): void {
  if (err instanceof ConfigError) {
    printError(err.message);
    logger.fatal(
      { err: { type: err.name, message: err.message }, variable: err.variable },
      'gateway failed to start',
    );
    return;
  }
  const field = errorField(err);
  printError(err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : field.message);
  logger.fatal({ err: field }, 'gateway failed to start');
}
