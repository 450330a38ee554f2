import { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { ConfigError, type Env } from '../env';

/** `OTEL_EXPORTER_OTLP_ENDPOINT`: where spans go (OTLP over HTTP, JSON); tracing is off without it. */
export interface TracingConfig {
  endpoint?: string;
}

/** Reads and checks `OTEL_EXPORTER_OTLP_ENDPOINT` (the SDK reads its other OTEL_* settings itself). */
export function parseTracingConfig(env: Env): TracingConfig {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || endpoint === '') return {};
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an http(s) URL, got "${endpoint}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an http(s) URL, got "${endpoint}"`);
  }
  return { endpoint };
}

/** Tracing as started: whether it is on, and how to flush it on shutdown. */
export interface Tracing {
  readonly enabled: boolean;
  /** Sends the spans still buffered and stops the SDK. */
  shutdown(): Promise<void>;
}

let enabled = false;
const tracer = trace.getTracer('codepipeline-gateway/server');

/**
 * Starts OpenTelemetry when an endpoint is configured: the Node SDK with the
 * OTLP/HTTP exporter (JSON, to `<endpoint>/v1/traces`), W3C `traceparent`
 * propagation and async context. Without one, the SDK is never loaded: the
 * spans of every layer are the API's no-ops and the server starts none.
 * Metrics stay on Prometheus (`/metrics`) and logs on stdout, so the SDK's
 * own metric and log exporters are off unless asked for.
 */
export async function startTracing(config: TracingConfig, serviceVersion: string): Promise<Tracing> {
  if (!config.endpoint) return { enabled: false, shutdown: async () => undefined };
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const [{ NodeSDK }, { OTLPTraceExporter }, { BatchSpanProcessor }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/resources'),
    ]);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': process.env.OTEL_SERVICE_NAME ?? 'codepipeline-gateway',
      'service.version': serviceVersion,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    instrumentations: [],
  });
  sdk.start();
  enabled = true;
  return {
    enabled: true,
    shutdown: async () => {
      enabled = false;
      await sdk.shutdown();
    },
  };
}

/** Probed every few seconds: not worth a trace each. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The span of one HTTP request (none while tracing is off, or for probes),
 * continuing the caller's trace when a `traceparent` came in, ended with the
 * response's status when the response closes.
 */
export function startHttpSpan(req: IncomingMessage, res: ServerResponse): Span | undefined {
  if (!enabled) return undefined;
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (UNTRACED.has(path)) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(
    `${req.method ?? 'GET'} ${path.slice(0, 100)}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': path } },
    parent,
  );
  res.once('close', () => {
    const status = res.writableFinished ? res.statusCode : 499;
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return span;
}

/**
 * Runs a GraphQL request's handling in a `graphql` span, child of the HTTP
 * span: everything it does (loader batches, upstream calls) is its child,
 * and {@link graphqlSpanPlugin} names it after the operation.
 */
export async function inGraphQLSpan<T>(http: Span | undefined, work: () => Promise<T>): Promise<T> {
  if (!http) return work();
  const parent = trace.setSpan(context.active(), http);
  const span = tracer.startSpan('graphql', { kind: SpanKind.INTERNAL }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } finally {
    span.end();
  }
}
