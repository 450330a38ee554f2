import { startEmulatorServer } from './http-server';

/**
 * `npm run emulator`: a standalone CodePipeline emulator for any SDK or CLI.
 * EMULATOR_PORT (default 4599), EMULATOR_HOST (default 127.0.0.1),
 * EMULATOR_SEED (`demo` or `none`), EMULATOR_CLOCK_SPEED (default 1),
 * EMULATOR_ACCOUNT (default 123456789012): the account of static access keys
 * and of the default world; STS-assumed keys act in their role's account.
 * EMULATOR_REGION (default us-east-1): the default world's region (signed
 * requests act in the region of their SigV4 scope).
 * EMULATOR_EVENTS_URL and EMULATOR_EVENTS_API_KEY: when the URL is set, every
 * state change is POSTed there as CodePipeline's EventBridge event.
 */
async function main(): Promise<void> {
  const port = parsePort(process.env.EMULATOR_PORT ?? '4599', 'EMULATOR_PORT');
  const seedEnv = process.env.EMULATOR_SEED ?? 'demo';
  if (seedEnv !== 'demo' && seedEnv !== 'none') {
    throw new Error(`EMULATOR_SEED must be "demo" or "none", got "${seedEnv}"`);
  }
  const speed = Number(process.env.EMULATOR_CLOCK_SPEED ?? '1');
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new Error(
      `EMULATOR_CLOCK_SPEED must be a positive number, got "${process.env.EMULATOR_CLOCK_SPEED}"`,
    );
  }
  const account = process.env.EMULATOR_ACCOUNT ?? '123456789012';
  if (!/^\d{12}$/.test(account)) {
    throw new Error(`EMULATOR_ACCOUNT must be a 12-digit AWS account id, got "${account}"`);
  }
  const region = process.env.EMULATOR_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`EMULATOR_REGION must be an AWS region such as us-east-1, got "${region}"`);
  }
  const eventsUrl = process.env.EMULATOR_EVENTS_URL;
  if (eventsUrl !== undefined && !/^https?:\/\/\S+$/.test(eventsUrl)) {
    throw new Error(`EMULATOR_EVENTS_URL must be an http(s) URL, got "${eventsUrl}"`);
  }
  const running = await startEmulatorServer({
    events: eventsUrl ? { url: eventsUrl, apiKey: process.env.EMULATOR_EVENTS_API_KEY } : undefined,
    target: { accountId: account, region },
    account,
    port,
    host: process.env.EMULATOR_HOST ?? '127.0.0.1',
    seed: seedEnv,
    clockSpeed: speed,
  });
  console.log(`CodePipeline emulator listening on ${running.url} (seed: ${seedEnv}, clock x${speed})`);
  console.log(`  aws codepipeline list-pipelines --endpoint-url ${running.url}`);
  if (eventsUrl) console.log(`  sending CodePipeline EventBridge events to ${eventsUrl}`);
  console.log(`  aws sts get-caller-identity --endpoint-url ${running.url}   (account ${account})`);
  const shutdown = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

function parsePort(raw: string, name: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
