import { type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { createCodePipelineClient } from '../aws/client';
import { type Target } from '../aws/target';
import { startEmulatorServer, type RunningEmulator } from '../emulator/http-server';
import { type UpstreamDescription } from '../schema/context';
import { type GatewayConfig } from './config';

/** The CodePipeline the gateway reads, and the client that reaches it. */
export interface Upstream {
  description: UpstreamDescription;
  target: Target;
  client: CodePipelineClient;
  /** The embedded emulator, when the gateway started one. */
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

/** Static credentials for endpoints that do not check them (emulators). */
const EMULATOR_CREDENTIALS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };

/**
 * Chooses the upstream: the embedded emulator (started on a loopback port and
 * then reached only over HTTP, exactly like AWS), any compatible endpoint, or
 * real AWS through the default credential chain.
 */
export async function connectUpstream(config: GatewayConfig): Promise<Upstream> {
  let emulator: RunningEmulator | undefined;
  let description: UpstreamDescription;
  switch (config.upstream.kind) {
    case 'emulator':
      emulator = await startEmulatorServer({
        port: 0,
        host: '127.0.0.1',
        seed: config.upstream.seed,
        clockSpeed: config.upstream.clockSpeed,
        target: { region: config.region, accountId: config.accountId },
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
  const target: Target = {
    accountId: config.accountId,
    region: config.region,
    endpoint: description.endpoint,
  };
  const client = createCodePipelineClient({
    target,
    maxAttempts: config.awsMaxAttempts,
    requestTimeoutMs: config.upstreamTimeoutMs,
    // Enough sockets for every operation's concurrency bound at once.
    maxSockets: config.upstreamConcurrency * 4,
    staticCredentials: description.mode === 'aws' ? undefined : EMULATOR_CREDENTIALS,
  });
  return {
    description,
    target,
    client,
    emulator,
    close: async () => {
      client.destroy();
      await emulator?.close();
    },
  };
}
