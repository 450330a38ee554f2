import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { type Logger } from 'pino';
import { type RunningEmulator } from '../emulator/http-server';
import { LoaderSource } from '../loaders/loader-source';
import { LoaderRuntime } from '../loaders/runtime';
import { buildGatewaySchema } from '../schema/build-schema';
import { formatError } from '../schema/errors/format-error';
import { toGraphQLError } from '../schema/errors/graphql-errors';
import { errorRequestIdPlugin } from './error-request-id';
import { type GatewayContext, type UpstreamDescription } from '../schema/context';
import { scopeKey } from '../schema/auth/principal';
import { createAuthenticator } from './auth/authenticator';
import { RequestAuthenticator } from './auth/request-auth';
import { authenticatedHttpContext, connectionAuthenticator } from './auth/wiring';
import { createCache } from './cache-factory';
import { type GatewayConfig } from './config';
import { contextFactory } from './context-factory';
import { apolloExecution } from './executor/apollo-execution';
import { type OperationExecutor } from './executor/operation-executor';
import { documentGate } from './documents/document-gate';
import { corsHandler } from './cors';
import { apolloHandler } from './http';
import { setupLimits } from './limits/setup';
import { startSlack } from './slack';
import { startLive } from './live';
import { createInsights } from './insights';
import { startTargetsLive, type TargetsLive } from './targets-live';
import { tracePlugin } from './trace-plugin';
import { ResponseCache, responseCachePlugin } from './response-cache';
import { NotifyingCache } from '../cache/notifying-cache';
import { targetKey } from '../aws/target';
import { createLogger, errorField, throttledWarn } from './observability/logger';
import { type AuditLog, createAuditLog } from './observability/audit';
import { mutationAuditPlugin } from './observability/mutation-audit';
import { createObservability, type Observability } from './observability/observability';
import { socketAudit } from './observability/socket-audit';
import { graphqlSpanPlugin } from './observability/graphql-span-plugin';
import { inGraphQLSpan, startHttpSpan } from './observability/tracing';
import { type GatewayTarget } from './targets';
import { connectUpstream } from './upstream';
import { TargetChecker } from './targets-check';
import { targetErrorsPlugin } from './targets-errors-plugin';
import { attachWebSocket, type WebSocketEndpoint } from './websocket';
import { createWebRoutes } from './web/web-routes';
import { eventsEndpoint } from './events/events-endpoint';

export { GATEWAY_VERSION } from './context-factory';

/** A running gateway and, in embedded mode, its emulator. */
export interface RunningGateway {
  url: string;
  /** The cache in use: `redis` or `memory`. */
  cacheKind: 'redis' | 'memory';
  server: Server;
  upstream: UpstreamDescription;
  emulator?: RunningEmulator;
  live: TargetsLive;
  ws: WebSocketEndpoint;
  /** Logger, metrics, health checks and lifecycle. */
  observability: Observability;
  /** The audit trail (`AUDIT_LOG`): mutations, WebSocket connections and subscriptions; others may write to it. */
  audit: AuditLog;
  /** What executes operations (`EXECUTOR`), with its compiled-query cache under `jit`. */
  executor: OperationExecutor;
  /** Every target and its health. */
  targets: TargetChecker;
  close(): Promise<void>;
}

/**
 * The composition root: chooses the upstream, builds the cache, the loaders'
 * runtime, the live side, the schema and Apollo, and serves HTTP and
 * graphql-ws on one port and path.
 */
export async function startGateway(
  config: GatewayConfig,
  options: { logger?: Logger } = {},
): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const cacheSetup = await createCache(config);
  // Each target's call budget is shared by the fleet through the cache's Redis.
  const upstream = await connectUpstream(config, logger, cacheSetup.redis);
  // Start-up checks each target with one cheap call, and logs every one that is out, with its cause.
  const targets = new TargetChecker({ ...upstream.targets, probe: upstream.probe, logger });
  await targets.checkAtStart();
  // And every 30 s after: a target that went out is seen coming back without waiting for a probe.
  targets.start(30_000);
  const responseCache = new ResponseCache(config.responseCacheEntries);
  // Every change to cached data drops the answers built from it.
  const cache = new NotifyingCache(cacheSetup.cache, (deps) => responseCache.drop(deps));
  const runtime = new LoaderRuntime(
    cache,
    config.upstreamConcurrency,
    throttledWarn(logger, 'cache unavailable, reading upstream'),
    Date.now,
    // A read's failure reaches its resolver as the schema's coded error.
    toGraphQLError,
  );
  // One loader kit for queries, live reads, writes and the poller. A read with a stale value to fall back on
  // waits a quarter second for the budget; one without waits as long as a call may take.
  const reads = new LoaderSource(upstream.codePipeline, config.ttls, runtime, {
    maxWaitMs: config.upstreamTimeoutMs,
    staleWaitMs: 250,
  });
  // The execution ledger behind `revision` and `deliveryMetrics`, fed by every target's poller (insights.ts).
  const insights = createInsights(config.insights, cacheSetup.redis, config.redisKeyPrefix);
  // One poller, lease and event stream per target, merged for subscribers (targets-live.ts).
  const live = await startTargetsLive(
    upstream.targets.targets.map((each) => each.target),
    (target) =>
      startLive({
        target,
        reads,
        config: config.live,
        redis: cacheSetup.redis,
        redisKeyPrefix: config.redisKeyPrefix,
        onObserved: insights.feed(target),
        // Push first, poll to reconcile: only while POST /events is on (EVENTS_API_KEY).
        push: config.events.apiKey === undefined ? undefined : config.events,
        onGap: (reason) => logger.warn({ reason }, 'pushed events had a gap: polling at its fast interval'),
        onError: (context, err) =>
          logger.error(
            { context, target: targetKey(target), err: errorField(err).message },
            'live side error',
          ),
        onPipelineDeleted: (pipelineName) =>
          logger.info(
            { pipelineName, target: targetKey(target) },
            'watched pipeline deleted: its subscribers were told, and it is no longer polled',
          ),
      }),
  );
  const audit = createAuditLog(config.audit, config.logFormat);
  const observability = createObservability({
    logger,
    probe: (signal) => upstream.probe(upstream.targets.targets[0] as GatewayTarget, signal),
    redis: cacheSetup.redis,
    targets,
  });
  runtime.observer = observability.metrics.loaderObserver;
  insights.counters.registerOn(observability.metrics.registry);
  upstream.codePipeline.observer = observability.metrics.budgetObserver;
  const authenticator = createAuthenticator(config.auth);
  // One authentication per request, shared by the rate limiter and the context.
  const requestAuth = new RequestAuthenticator(authenticator);
  const httpContext = authenticatedHttpContext(
    requestAuth,
    contextFactory(config, upstream, reads, live.nudge, undefined, insights.ledger),
  );
  const wsContext = contextFactory(
    config,
    upstream,
    reads,
    live.nudge,
    observability.metrics.countSubscriptions(live.events),
    insights.ledger,
  );

  const server = createServer();
  const schema = buildGatewaySchema();
  const limits = setupLimits(config, schema, {
    redis: cacheSetup.redis,
    authenticator: requestAuth,
    onError: throttledWarn(logger, 'rate limiter unavailable, admitting requests'),
  });
  // Trusted documents, the introspection refusal and no schema hints in errors, for HTTP and WebSocket alike.
  const documents = documentGate({
    introspection: config.limits.introspection,
    trusted: config.documents.trusted,
  });
  // graphql-jit's compiled executors behind Apollo's gateway hook, or Apollo's own graphql-js (EXECUTOR).
  const execution = apolloExecution(schema, config.executor);
  const apollo = new ApolloServer<GatewayContext>({
    ...execution.apolloOptions,
    ...limits.apolloOptions,
    ...documents.apolloOptions,
    plugins: [
      // In-flight requests get most of the shutdown budget; the rest closes the live side and Redis.
      ApolloServerPluginDrainHttpServer({
        httpServer: server,
        stopGracePeriodMillis: Math.floor(config.shutdownTimeoutMs * 0.8),
      }),
      observability.requests.plugin(),
      // No cache hints are used: skipping the plugin also skips Apollo's per-field instrumentation.
      ApolloServerPluginCacheControlDisabled(),
      tracePlugin(),
      // Names the request's span after its operation (tracing on, OTEL_EXPORTER_OTLP_ENDPOINT).
      graphqlSpanPlugin(),
      // One audit line per mutation: who, what, on which target, with what outcome and upstream request id.
      mutationAuditPlugin(audit, {
        requestIdOf: (ctx) => observability.requests.idOf(ctx.trace),
        callsOf: (ctx) => ctx.trace.calls,
      }),
      errorRequestIdPlugin((trace) => observability.requests.idOf(trace)),
      ...limits.plugins,
      // Keyed by scope too: principals who see different pipelines never share an answer.
      // Errors of unreachable targets join the answer before the response cache sees it (never cached).
      targetErrorsPlugin(),
      // Keyed by the caller's every scope: a context's `principal` holds only its first target's.
      // Off (RESPONSE_CACHE_ENTRIES=0), it is not installed: no key hashed, no dependencies named.
      ...(config.responseCacheEntries > 0
        ? [responseCachePlugin(responseCache, (ctx) => `${targetKey(ctx.target)}|${scopeKey(ctx.caller)}`)]
        : []),
    ],
    // Every error leaves through the one formatError (schema/errors/format-error.ts); stacks only with EXPOSE_ERRORS.
    includeStacktraceInErrorResponses: config.exposeErrors,
    formatError: (formatted, error) => formatError(formatted, error, config),
    logger: logger.child({ component: 'apollo' }),
    // Signals belong to main.ts's drain. Apollo's own handler (on whenever NODE_ENV is not `test`) stops
    // Apollo and re-raises SIGTERM, which the drain reads as a second signal and exits 1 mid-drain.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  // Slack notifications and approvals (SLACK_*): approvals run through Apollo as the approver's principal.
  const slack = config.slack
    ? startSlack({
        settings: config.slack,
        events: live.events,
        redis: cacheSetup.redis,
        redisKeyPrefix: config.redisKeyPrefix,
        apollo,
        makeContext: contextFactory(config, upstream, reads, live.nudge),
        logger,
        maxBodyBytes: config.limits.maxBodyBytes,
        // Approval decisions go to the same audit trail as every mutation.
        audit: (entry) => audit.write({ ...entry }),
      })
    : undefined;
  const handle = limits.http(
    apolloHandler(
      apollo,
      observability.requests.bindContext(httpContext),
      config.limits.maxBodyBytes,
      documents,
    ),
  );
  // CodePipeline's EventBridge events in (EVENTS_API_KEY); absent, /events is a 404 like any unknown path.
  const events = eventsEndpoint(config.events, live, observability.metrics.registry, (err) =>
    logger.error({ err: errorField(err) }, 'events request failed'),
  );
  const web = createWebRoutes(config.web);
  const cors = corsHandler(config.web);
  server.on('request', (req, res) => {
    // A span per request while tracing is on, continuing an incoming traceparent; its trace id goes on the log lines.
    const span = startHttpSpan(req, res);
    observability.requests.begin(req, res, span?.spanContext().traceId);
    if (observability.serveOperations(req, res)) return;
    // The dashboard at `/`, its assets, and GraphiQL for browsers on GET /graphql.
    if (web.serve(req, res)) return;
    if (slack?.serve(req, res)) return;
    if (events?.serve(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/graphql') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Not found. GraphQL is served at /graphql."}');
      return;
    }
    // A preflight from an allowed origin is answered here; before the rate limit, which it must not spend.
    if (cors(req, res)) return;
    inGraphQLSpan(span, () => handle(req, res)).catch((err: unknown) => {
      observability.requests.loggerFor(req).error({ err: errorField(err) }, 'request failed');
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
    formatError: (formatted, error) => formatError(formatted, error, config),
    checkSubscribe: limits.subscribe,
    documents,
    observer: socketAudit(audit),
    authenticate: connectionAuthenticator(authenticator),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  observability.metrics.watchLive({
    poller: live.poller,
    lease: live.lease,
    connections: () => ws.connections,
  });
  observability.lifecycle.moveTo('serving');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    cacheKind: cacheSetup.cache.kind,
    server,
    upstream: upstream.description,
    emulator: upstream.emulator,
    live,
    ws,
    observability,
    audit,
    executor: execution.executor,
    targets,
    close: async () => {
      // Readiness fails from here on; in-flight requests still finish.
      observability.lifecycle.moveTo('draining');
      targets.stop();
      await ws.close();
      // Before Apollo stops: a click being decided still runs its mutation through it.
      await slack?.close();
      await apollo.stop();
      await live.close();
      await cacheSetup.close();
      await upstream.close();
      await audit.close();
      observability.lifecycle.moveTo('stopped');
    },
  };
}
