import { ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { type Redis } from 'ioredis';
import { type Logger } from 'pino';
import { type Target } from '../aws/target';
import { startEmulatorServer, type RunningEmulator } from '../emulator/http-server';
import { type UpstreamDescription } from '../schema/context';
import { Upstream as CodePipelineUpstream } from '../upstream/upstream';
import { type GatewayConfig } from './config';
import { demoEstateTargets } from './demo-estate-targets';
import { type ResolvedTargets, resolveTargets } from './targets';
import { type TargetsSetting } from './targets-config';
import { type TargetProbe } from './targets-check';

/** The CodePipeline the gateway reads, and the one door to it (src/upstream). */
export interface Upstream {
  description: UpstreamDescription;
  target: Target;
  /** Every target's SDK client and call budget: the only way the gateway calls CodePipeline. */
  codePipeline: CodePipelineUpstream;
  /** Every target with its credentials, and the board of their health. */
  targets: ResolvedTargets;
  /** One cheap call to a target (ListPipelines of one), for the start-up and readiness checks. */
  probe: TargetProbe;
  /** The embedded emulator, when the gateway started one. */
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

/** Static credentials for endpoints that do not check them (emulators). */
const EMULATOR_CREDENTIALS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };
/** The account the emulators give static keys (the emulator's `EMULATOR_ACCOUNT` default). */
const EMULATOR_ACCOUNT = '123456789012';

/**
 * Chooses the upstream: the embedded emulator (started on a loopback port and
 * then reached only over HTTP, exactly like AWS), any compatible endpoint, or
 * real AWS through the default credential chain.
 */
export async function connectUpstream(
  config: GatewayConfig,
  logger: Logger,
  /** The shared Redis, when configured: each target's call budget is fleet-wide through it. */
  redis?: Redis,
): Promise<Upstream> {
  let emulator: RunningEmulator | undefined;
  let description: UpstreamDescription;
  let embedded: TargetsSetting | undefined;
  switch (config.upstream.kind) {
    case 'emulator': {
      const main = { region: config.region ?? 'us-east-1', accountId: config.accountId ?? EMULATOR_ACCOUNT };
      emulator = await startEmulatorServer({
        port: 0,
        host: '127.0.0.1',
        seed: config.upstream.seed,
        clockSpeed: config.upstream.clockSpeed,
        target: main,
      });
      description = { mode: 'emulator', endpoint: emulator.url };
      // `npm start` shows the small estate the demo seeds (three account-and-region pairs), reached as a real one is.
      if (config.upstream.seed === 'demo' && !config.targets) embedded = demoEstateTargets(main);
      break;
    }
    case 'endpoint':
      description = { mode: 'endpoint', endpoint: config.upstream.endpoint };
      break;
    case 'aws':
      description = { mode: 'aws' };
      break;
    default: {
      const unreachable: never = config.upstream;
      throw new Error(`unknown upstream ${JSON.stringify(unreachable)}`);
    }
  }
  const targets = await resolveTargets(embedded ? { ...config, targets: embedded } : config, {
    endpoint: description.endpoint,
    staticKeys: description.mode === 'aws' ? undefined : EMULATOR_CREDENTIALS,
    knownAccount: emulator ? (config.accountId ?? EMULATOR_ACCOUNT) : undefined,
    logger,
  });
  const codePipeline = new CodePipelineUpstream({
    maxAttempts: config.awsMaxAttempts,
    requestTimeoutMs: config.upstreamTimeoutMs,
    // Enough sockets for every operation's concurrency bound at once.
    maxSockets: config.upstreamConcurrency * 4,
    callsPerSecond: config.upstreamCallsPerSecond,
    pollerCallsPerSecond: config.live.pollCallsPerSecond,
    redis,
    redisKeyPrefix: config.redisKeyPrefix,
    onBudgetFallback: (target, err) =>
      logger.warn(
        { target, err: String(err) },
        'Redis unavailable: call budget is per process until it is back',
      ),
  });
  // One client and one budget per target; the graph reads the first (the only one without TARGETS_FILE) until targets are wired in.
  for (const each of targets.targets) {
    codePipeline.register({ target: each.target, credentials: each.credentials });
  }
  const first = targets.targets[0];
  if (!first) throw new Error('no target resolved');
  const target: Target = first.target;
  return {
    description,
    target,
    codePipeline,
    targets,
    emulator,
    // Within the target's budget like any read: health checks never push users into throttling.
    // A probe that finds the budget spent gives up within a second (BudgetExhausted, a throttle:
    // the fleet's own calls are what spent it) instead of being timed out as a target that is down.
    probe: async (each, signal) => {
      await codePipeline.call(each.target, new ListPipelinesCommand({ maxResults: 1 }), {
        priority: 'interactive',
        hasFallback: true,
        maxWaitMs: 1_000,
        signal,
      });
    },
    close: async () => {
      codePipeline.close();
      await emulator?.close();
    },
  };
}
