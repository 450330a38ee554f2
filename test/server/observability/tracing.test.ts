import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../../support/processes';

/**
 * Tracing end to end: a gateway process with OTEL_EXPORTER_OTLP_ENDPOINT
 * pointed at an OTLP/HTTP receiver run by the test (the exporter posts JSON
 * to /v1/traces), one dashboard query sent with a `traceparent`, and the
 * spans that arrive: the HTTP request continuing the caller's trace, the
 * GraphQL operation, the loader batches, and one span per upstream call,
 * named by its CodePipeline operation. Its log line carries the trace id.
 */

jest.setTimeout(90_000);

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

const DASHBOARD = `query Dashboard {
  pipelines(first: 3) { edges { node { name stages { name } } } }
}`;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

const attribute = (span: OtlpSpan, key: string): string | number | undefined => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('OpenTelemetry tracing', () => {
  let receiver: Server;
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  let gateway: GatewayProcess;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        const payload = JSON.parse(body) as {
          resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
        };
        for (const rs of payload.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    await ensureBuilt();
    gateway = await startGatewayProcess(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await gateway?.stopped;
    receiver?.close();
  });

  it('sends the spans of one dashboard query, one per upstream call with its operation name', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
      body: JSON.stringify({ query: DASHBOARD }),
    });
    const answer = (await res.json()) as {
      errors?: unknown[];
      extensions: { upstream: { calls: number; byOperation: Record<string, number> } };
    };
    expect(answer.errors).toBeUndefined();
    const { calls, byOperation } = answer.extensions.upstream;
    expect(calls).toBeGreaterThan(1);

    const ofTrace = (): OtlpSpan[] => spans.filter((s) => s.traceId === TRACE_ID);
    const deadline = Date.now() + 20_000;
    while (!ofTrace().some((s) => s.name === 'POST /graphql') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(paths[0]).toBe('POST /v1/traces application/json');
    const mine = ofTrace();
    const byName = (name: string) => mine.filter((s) => s.name === name);

    // The HTTP request continues the caller's trace, under the caller's span.
    const [http] = byName('POST /graphql');
    expect(http?.parentSpanId).toBe(CALLER_SPAN);
    expect(attribute(http as OtlpSpan, 'http.response.status_code')).toBe(200);
    // The GraphQL operation, named after it, is the HTTP span's child.
    const [operation] = byName('query Dashboard');
    expect(operation?.parentSpanId).toBe(http?.spanId);
    // Loader batches under the operation.
    const batches = mine.filter((s) => s.name.startsWith('loader '));
    expect(batches.length).toBeGreaterThan(0);
    const inTrace = new Set(mine.map((s) => s.spanId));
    for (const batch of batches) expect(inTrace.has(batch.parentSpanId ?? '')).toBe(true);

    // One span per upstream call, with its CodePipeline operation and target.
    const upstream = mine.filter((s) => s.name.startsWith('CodePipeline '));
    expect(upstream).toHaveLength(calls);
    const counted: Record<string, number> = {};
    for (const span of upstream) {
      const name = String(attribute(span, 'rpc.method'));
      expect(span.name).toBe(`CodePipeline ${name}`);
      expect(attribute(span, 'codepipeline.target')).toMatch(/^\d{12}:[a-z0-9-]+$/);
      expect(attribute(span, 'codepipeline.retries')).toBe(0);
      counted[name] = (counted[name] ?? 0) + 1;
    }
    expect(counted).toEqual(byOperation);

    // The request's log line carries the trace id.
    const line = gateway
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; trace_id?: string; operation?: string })
      .find((l) => l.msg === 'graphql request' && l.operation === 'Dashboard');
    expect(line?.trace_id).toBe(TRACE_ID);
  });
});
