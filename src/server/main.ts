import { describeAuth } from './auth/auth-config';
import { parseConfig } from './config';
import { GATEWAY_VERSION, startGateway } from './gateway';
import { createLogger } from './observability/logger';
import { type LogFormat } from './observability/pretty-log';
import { startTracing } from './observability/tracing';
import { reportStartupFailure } from './observability/startup-failure';
import { handleShutdownSignals } from './observability/shutdown';

/** `npm start`: parse the config, start the gateway, print what it serves, stop cleanly on signals. */
async function main(): Promise<void> {
  const config = parseConfig();
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  // Before anything makes a span: with no OTEL_EXPORTER_OTLP_ENDPOINT the SDK is not even loaded.
  const tracing = await startTracing(config.tracing, GATEWAY_VERSION);
  const gateway = await startGateway(config, { logger });
  const lines = [`CodePipeline GraphQL gateway ${GATEWAY_VERSION} serving ${gateway.url}`];
  switch (gateway.upstream.mode) {
    case 'emulator':
      lines.push(
        `  upstream: built-in CodePipeline emulator at ${gateway.upstream.endpoint} (no AWS account used)`,
        '  set CODEPIPELINE_MODE=aws for real AWS (credentials and region from the SDK chain, or TARGETS_FILE)',
      );
      break;
    case 'endpoint':
      lines.push(`  upstream: CodePipeline-compatible endpoint ${gateway.upstream.endpoint}`);
      break;
    case 'aws':
      lines.push('  upstream: AWS CodePipeline');
      break;
  }
  for (const target of gateway.targets.reports()) {
    lines.push(`  target: ${target.target} ${target.status}${target.error ? ` (${target.error})` : ''}`);
  }
  lines.push(
    gateway.cacheKind === 'redis'
      ? '  cache: Redis (shared by every replica)'
      : '  cache: in-process memory (set REDIS_URL to share it between replicas)',
  );
  lines.push(describeAuth(config.auth, config.production));
  // One log format from the first line: the banner is a log line too, its facts as fields and its lines as
  // `summary` (LOG_FORMAT=pretty prints them one per line for people).
  const [headline = '', ...summary] = lines;
  // Whatever LOG_LEVEL says (short of silent): the banner is how an operator, and a supervisor, learn the URL.
  const banner = logger.child({}, { level: logger.level === 'silent' ? 'silent' : 'info' });
  banner.info(
    {
      version: GATEWAY_VERSION,
      url: gateway.url,
      upstream: gateway.upstream.mode,
      cache: gateway.cacheKind,
      tracing: tracing.enabled,
      summary: summary.map((line) => line.trim()),
    },
    headline,
  );
  // The last spans are flushed once the gateway has drained.
  const closable = { close: () => gateway.close().finally(() => tracing.shutdown()) };
  handleShutdownSignals(closable, { logger, timeoutMs: config.shutdownTimeoutMs });
}

/** The port a failed `listen` wanted, when the failure is that it is taken. */
function portInUse(err: unknown): number | undefined {
  const e = err as { code?: unknown; port?: unknown } | null;
  return e?.code === 'EADDRINUSE' && typeof e.port === 'number' ? e.port : undefined;
}

main().catch((err: unknown) => {
  // The config may be what failed, so the format is read as it stands: anything but `pretty` is JSON.
  const format: LogFormat = process.env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json';
  const logger = createLogger('info', undefined, format);
  const port = portInUse(err);
  if (port !== undefined) {
    // One line that says what to do; the stack of a taken port helps nobody.
    logger.fatal({ port, code: 'EADDRINUSE' }, `PORT ${port} is in use; set PORT`);
  } else {
    // The fatal log line says it all, in the log format: nothing else is printed.
    reportStartupFailure(err, logger, () => undefined);
  }
  process.exit(1);
});
