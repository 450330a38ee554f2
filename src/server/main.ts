import { describeAuth } from './auth/auth-config';
import { parseConfig } from './config';
import { GATEWAY_VERSION, startGateway } from './gateway';
import { createLogger } from './observability/logger';
import { reportStartupFailure } from './observability/startup-failure';
import { handleShutdownSignals } from './observability/shutdown';

/** `npm start`: parse the config, start the gateway, print what it serves, stop cleanly on signals. */
async function main(): Promise<void> {
  const config = parseConfig();
  const logger = createLogger(config.logLevel);
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
  // The banner is for people; the same facts go out as one JSON line for log pipelines.
  console.log(lines.join('\n'));
  logger.info(
    { version: GATEWAY_VERSION, url: gateway.url, upstream: gateway.upstream.mode, cache: gateway.cacheKind },
    'gateway started',
  );
  handleShutdownSignals(gateway, { logger, timeoutMs: config.shutdownTimeoutMs });
}

main().catch((err: unknown) => {
  reportStartupFailure(err, createLogger());
  process.exit(1);
});
