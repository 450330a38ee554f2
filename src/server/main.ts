import { ConfigError, parseConfig } from './config';
import { GATEWAY_VERSION, startGateway } from './gateway';

/** `npm start`: parse the config, start the gateway, print what it serves, stop cleanly on signals. */
async function main(): Promise<void> {
  const config = parseConfig();
  const gateway = await startGateway(config);
  const lines = [`CodePipeline GraphQL gateway ${GATEWAY_VERSION} serving ${gateway.url}`];
  switch (gateway.upstream.mode) {
    case 'emulator':
      lines.push(
        `  upstream: built-in CodePipeline emulator at ${gateway.upstream.endpoint} (no AWS account used)`,
        '  set CODEPIPELINE_MODE=aws (with AWS_REGION and AWS_ACCOUNT_ID) for real AWS',
      );
      break;
    case 'endpoint':
      lines.push(`  upstream: CodePipeline-compatible endpoint ${gateway.upstream.endpoint}`);
      break;
    case 'aws':
      lines.push(`  upstream: AWS CodePipeline in ${config.region}, account ${config.accountId}`);
      break;
  }
  lines.push(
    gateway.cacheKind === 'redis'
      ? '  cache: Redis (shared by every replica)'
      : '  cache: in-process memory (set REDIS_URL to share it between replicas)',
  );
  console.log(lines.join('\n'));
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining`);
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
