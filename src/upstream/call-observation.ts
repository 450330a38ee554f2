import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** One CodePipeline call as its request's call log keeps it (the audit reads the writes' request ids). */
export interface UpstreamCallRecord {
  /** `StartPipelineExecution`, `GetPipelineState`, ... */
  operation: string;
  /** The target's key, `account:region`. */
  target: string;
  /** CodePipeline's request id (`x-amzn-RequestId`), when it answered. */
  requestId?: string;
  /** `ok`, or the error's name (`ThrottlingException`, `PipelineNotFoundException`, `BudgetExhausted`). */
  outcome: string;
}

/**
 * The tracer of upstream calls: the API's no-op unless the server started the
 * OpenTelemetry SDK (OTEL_EXPORTER_OTLP_ENDPOINT), so this layer needs no
 * configuration and costs nothing when tracing is off.
 */
const tracer = trace.getTracer('codepipeline-gateway/upstream');

function operationOf(command: object): string {
  return command.constructor.name.replace(/Command$/, '');
}

interface Metadata {
  $metadata?: { requestId?: string; attempts?: number; totalRetryDelay?: number };
}

/**
 * One upstream call observed: a span `CodePipeline <Operation>` (the target,
 * the priority, the time spent waiting for the call budget, the SDK's
 * retries and CodePipeline's request id), and a record in the caller's call
 * log when it keeps one. The log is handed in, not found in an
 * AsyncLocalStorage: a store per request turns on Node 20's promise hooks,
 * and every promise of every resolver then pays for them. Call {@link admitted} when the budget lets the call go, then
 * {@link succeeded} or {@link failed}.
 */
export class CallObservation {
  private readonly span: Span;
  private readonly operation: string;
  private readonly startedAt = performance.now();
  private done = false;

  constructor(
    private readonly target: string,
    command: object,
    priority: string,
    private readonly log?: UpstreamCallRecord[],
  ) {
    this.operation = operationOf(command);
    this.span = tracer.startSpan(`CodePipeline ${this.operation}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'rpc.system': 'aws-api',
        'rpc.service': 'CodePipeline',
        'rpc.method': this.operation,
        'codepipeline.target': target,
        'codepipeline.priority': priority,
      },
    });
  }

  /** The budget let the call go: the time until now was spent waiting for it (throttle wait). */
  admitted(): void {
    const waitedMs = performance.now() - this.startedAt;
    if (waitedMs >= 1) this.span.setAttribute('codepipeline.budget_wait_ms', Math.round(waitedMs));
  }

  succeeded(output: unknown): void {
    this.finish(output, 'ok');
  }

  failed(err: unknown): void {
    if (this.done) return;
    const name = err instanceof Error ? err.name : 'Error';
    this.span.recordException(err instanceof Error ? err : new Error(String(err)));
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: name });
    this.finish(err, name);
  }

  private finish(result: unknown, outcome: string): void {
    if (this.done) return;
    this.done = true;
    const metadata = (result as Metadata | undefined)?.$metadata;
    const requestId = metadata?.requestId;
    if (requestId) this.span.setAttribute('aws.request_id', requestId);
    this.span.setAttribute('codepipeline.retries', Math.max(0, (metadata?.attempts ?? 1) - 1));
    if (metadata?.totalRetryDelay)
      this.span.setAttribute('codepipeline.retry_delay_ms', metadata.totalRetryDelay);
    this.span.end();
    this.log?.push({ operation: this.operation, target: this.target, requestId, outcome });
  }
}
