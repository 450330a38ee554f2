import { type Attributes, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Runs `work` in an active span named `name`, so the spans it starts (a
 * loader batch's upstream calls, a poll's reads) are its children; ends it
 * with an error status when `work` throws. Only the OpenTelemetry API is
 * used here: until the server starts the SDK (OTEL_EXPORTER_OTLP_ENDPOINT),
 * the span is the API's no-op one and nothing is recorded or sent.
 */
export function inSpan<T>(
  tracerName: string,
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  return trace.getTracer(tracerName).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}
