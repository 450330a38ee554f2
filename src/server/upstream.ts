import { type CodePipelineClient, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { type Logger } from 'pino';
import { createCodePipelineClient } from '../aws/client';
import { type Target } from '../aws/target';
import { startEmulatorServer, type RunningEmulator } from '../emulator/http-server';
import { type UpstreamDescription } from '../schema/context';
import { type GatewayConfig } from './config';
import { type ResolvedTargets, resolveTargets, targetKeyOf } from './targets';
import { type TargetProbe } from './targets-check';

/** The CodePipeline the gateway reads, and the client that reaches it. */
export interface Upstream {
  description: UpstreamDescription;
  target: Target;
  client: CodePipelineClient;
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
export async function connectUpstream(config: GatewayConfig, logger: Logger): Promise<Upstream> {
  let emulator: RunningEmulator | undefined;
  let description: UpstreamDescription;
  switch (config.upstream.kind) {
    case 'emulator':
      emulator = await startEmulatorServer({
        port: 0,
        host: '127.0.0.1',
        seed: config.upstream.seed,
        clockSpeed: config.upstream.clockSpeed,
        target: { region: config.region ?? 'us-east-1', accountId: config.accountId ?? EMULATOR_ACCOUNT },
      });
      description = { mode: 'emulator', endpoint: emulator.url };
      break;
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
  const targets = await resolveTargets(config, {
    endpoint: description.endpoint,
    staticKeys: description.mode === 'aws' ? undefined : EMULATOR_CREDENTIALS,
    knownAccount: emulator ? (config.accountId ?? EMULATOR_ACCOUNT) : undefined,
    logger,
  });
  // One client per target; the graph reads the first (the only one without TARGETS_FILE) until targets are wired in.
  const clients = new Map(
    targets.targets.map((each) => [
      targetKeyOf(each),
      createCodePipelineClient({
        target: each.target,
        credentials: each.credentials,
        maxAttempts: config.awsMaxAttempts,
        requestTimeoutMs: config.upstreamTimeoutMs,
        // Enough sockets for every operation's concurrency bound at once.
        maxSockets: config.upstreamConcurrency * 4,
      }),
    ]),
  );
  const first = targets.targets[0];
  const client = first ? clients.get(targetKeyOf(first)) : undefined;
  if (!first || !client) throw new Error('no target resolved');
  const target: Target = first.target;
  return {
    description,
    target,
    client,
    targets,
    emulator,
    probe: async (each, signal) => {
      await clients
        .get(targetKeyOf(each))
        ?.send(new ListPipelinesCommand({ maxResults: 1 }), { abortSignal: signal });
    },
    close: async () => {
      for (const each of clients.values()) each.destroy();
      await emulator?.close();
    },
  };
}
