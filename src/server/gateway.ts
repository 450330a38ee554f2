import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { createCodePipelineClient } from '../aws/client';
import { type Target } from '../aws/target';
import { startEmulatorServer, type RunningEmulator } from '../emulator/http-server';
import { buildGatewaySchema } from '../schema/build-schema';
import { type GatewayContext, type UpstreamDescription } from '../schema/context';
import { type GatewayConfig } from './config';
import { apolloHandler } from './http';
import { createCache } from './cache-factory';
import { tracePlugin } from './trace-plugin';
import { LoaderRuntime } from '../loaders/runtime';
import { RequestTrace } from '../loaders/trace';
import { createCodePipelineLoaders } from '../loaders/codepipeline-loaders';

/** The gateway's version, reported in `Query.gateway` and the banner. */
export const GATEWAY_VERSION = '0.1.0';

/** A running gateway and, in embedded mode, its emulator. */
export interface RunningGateway {
  url: string;
  /** The cache in use: `redis` or `memory`. */
  cacheKind: 'redis' | 'memory';
  /** Registers a listener told whenever a mutation changed a pipeline. */
  onPipelineChanged(listener: (pipelineName: string) => void): void;
  server: Server;
  upstream: UpstreamDescription;
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

/** Static credentials for endpoints that do not check them (emulators). */
const EMULATOR_CREDENTIALS = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };

/**
 * The composition root: chooses the upstream, builds the client, the schema
 * and Apollo, and serves them on one HTTP server.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  let emulator: RunningEmulator | undefined;
  let upstream: UpstreamDescription;
  switch (config.upstream.kind) {
    case 'emulator':
      emulator = await startEmulatorServer({
        port: 0,
        host: '127.0.0.1',
        seed: config.upstream.seed,
        clockSpeed: config.upstream.clockSpeed,
        target: { region: config.region, accountId: config.accountId },
      });
      upstream = { mode: 'emulator', endpoint: emulator.url };
      break;
    case 'endpoint':
      upstream = { mode: 'endpoint', endpoint: config.upstream.endpoint };
      break;
    case 'aws':
      upstream = { mode: 'aws' };
      break;
    default: {
      const unreachable: never = config.upstream;
      throw new Error(`unknown upstream ${JSON.stringify(unreachable)}`);
    }
  }
  const target: Target = { accountId: config.accountId, region: config.region, endpoint: upstream.endpoint };
  const client = createCodePipelineClient({
    target,
    maxAttempts: config.awsMaxAttempts,
    requestTimeoutMs: config.upstreamTimeoutMs,
    // Enough sockets for every operation's concurrency bound at once.
    maxSockets: config.upstreamConcurrency * 4,
    staticCredentials: upstream.mode === 'aws' ? undefined : EMULATOR_CREDENTIALS,
  });

  const cacheSetup = await createCache(config);
  /** Who hears that a mutation changed a pipeline (the change detector, once subscriptions exist). */
  const changeListeners: ((pipelineName: string) => void)[] = [];
  const runtime = new LoaderRuntime(cacheSetup.cache, config.upstreamConcurrency, (err) =>
    console.error('cache unavailable, reading upstream:', (err as Error).message),
  );
  const createContext = async (): Promise<GatewayContext> => {
    const trace = new RequestTrace();
    const freshLoaders = () => createCodePipelineLoaders(target, client, config.ttls, runtime, trace);
    const ctx: GatewayContext = {
      target,
      client,
      upstream,
      version: GATEWAY_VERSION,
      trace,
      loaders: freshLoaders(),
      maxPageSize: config.maxPageSize,
      invalidate: async ({ keys = [], tags = [] }) => {
        ctx.loaders = freshLoaders();
        try {
          await runtime.cache.invalidate(keys, tags);
        } catch (err) {
          // Reads treat an unreachable cache as empty, so nothing stale is served while it is down.
          runtime.onCacheError(err);
        }
      },
      pipelineChanged: (pipelineName) => changeListeners.forEach((listener) => listener(pipelineName)),
      renewLoaders: () => {
        ctx.loaders = freshLoaders();
      },
    };
    return ctx;
  };

  const server = createServer();
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // No cache hints are used: skipping the plugin also skips Apollo's per-field instrumentation.
      ApolloServerPluginCacheControlDisabled(),
      tracePlugin(),
    ],
    includeStacktraceInErrorResponses: !config.production,
    introspection: !config.production,
  });
  await apollo.start();
  const handle = apolloHandler(apollo, createContext);
  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    if (path !== '/graphql') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Not found. GraphQL is served at /graphql."}');
      return;
    }
    handle(req, res).catch((err: unknown) => {
      console.error('request failed', err);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"errors":[{"message":"Unexpected error.","extensions":{"code":"INTERNAL"}}]}');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    cacheKind: cacheSetup.cache.kind,
    onPipelineChanged: (listener) => changeListeners.push(listener),
    server,
    upstream,
    emulator,
    close: async () => {
      await apollo.stop();
      client.destroy();
      await cacheSetup.close();
      await emulator?.close();
    },
  };
}
