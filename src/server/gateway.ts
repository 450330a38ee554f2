import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { type RunningEmulator } from '../emulator/http-server';
import { LoaderRuntime } from '../loaders/runtime';
import { buildGatewaySchema } from '../schema/build-schema';
import { type GatewayContext, type UpstreamDescription } from '../schema/context';
import { createCache } from './cache-factory';
import { type GatewayConfig } from './config';
import { contextFactory } from './context-factory';
import { apolloHandler } from './http';
import { type Live, startLive } from './live';
import { tracePlugin } from './trace-plugin';
import { connectUpstream } from './upstream';
import { attachWebSocket, type WebSocketEndpoint } from './websocket';

export { GATEWAY_VERSION } from './context-factory';

/** A running gateway and, in embedded mode, its emulator. */
export interface RunningGateway {
  url: string;
  /** The cache in use: `redis` or `memory`. */
  cacheKind: 'redis' | 'memory';
  server: Server;
  upstream: UpstreamDescription;
  emulator?: RunningEmulator;
  live: Live;
  ws: WebSocketEndpoint;
  close(): Promise<void>;
}

/**
 * The composition root: chooses the upstream, builds the cache, the loaders'
 * runtime, the live side, the schema and Apollo, and serves HTTP and
 * graphql-ws on one port and path.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const upstream = await connectUpstream(config);
  const cacheSetup = await createCache(config);
  const runtime = new LoaderRuntime(cacheSetup.cache, config.upstreamConcurrency, (err) =>
    console.error('cache unavailable, reading upstream:', (err as Error).message),
  );
  const live = await startLive({
    target: upstream.target,
    client: upstream.client,
    cache: cacheSetup.cache,
    ttls: config.ttls,
    config: config.live,
    redis: cacheSetup.redis,
    redisKeyPrefix: config.redisKeyPrefix,
    onError: (context, err) => console.error(`live: ${context}:`, err instanceof Error ? err.message : err),
  });
  const httpContext = contextFactory(config, upstream, runtime, live.nudge);
  const wsContext = contextFactory(config, upstream, runtime, live.nudge, live.events);

  const server = createServer();
  const schema = buildGatewaySchema();
  const apollo = new ApolloServer<GatewayContext>({
    schema,
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
  const handle = apolloHandler(apollo, httpContext);
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
  const ws = attachWebSocket(server, schema, wsContext, {
    connectionInitTimeoutMs: config.live.connectionInitTimeoutMs,
    keepAliveMs: config.live.keepAliveMs,
    maxSubscriptionsPerConnection: config.live.maxSubscriptionsPerConnection,
    maxPayloadBytes: config.live.maxMessageBytes,
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
    server,
    upstream: upstream.description,
    emulator: upstream.emulator,
    live,
    ws,
    close: async () => {
      await ws.close();
      await apollo.stop();
      await live.close();
      await cacheSetup.close();
      await upstream.close();
    },
  };
}
