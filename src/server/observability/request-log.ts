import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import { type Logger } from 'pino';
import { type GatewayContext } from '../../schema/context';
import { requestIdOf } from './logger';
import { type GatewayMetrics, type OperationType } from './metrics';

/** What the GraphQL layer learned about a request, for its log line and metrics. */
interface GraphQLFacts {
  /** The operation's name; null for an anonymous one, undefined when none was resolved (parse errors). */
  name?: string | null;
  type: OperationType;
  /** Variable names only: values may be tokens or secrets. */
  variables: string[];
  /** The root fields it selected: what an anonymous operation did (`startPipelineExecution`). */
  fields?: string[];
  /** A short hash of the query text, to group requests without logging text that may inline secrets. */
  queryHash?: string;
  errorCodes: string[];
}

/** One HTTP request being observed. */
export interface RequestRecord {
  readonly id: string;
  /** The request's logger: every line it writes carries the request id. */
  readonly log: Logger;
  graphql?: GraphQLFacts;
  context?: GatewayContext;
}

/** The routes of the gateway, as a bounded label. */
const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);
/** Probed every few seconds: logged at debug so they do not drown the request lines. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

const OPERATION_TYPES: Readonly<Record<string, OperationType>> = {
  query: 'query',
  mutation: 'mutation',
  subscription: 'subscription',
};

/**
 * Per-request observation: a request id (the caller's `x-request-id` when
 * sane, else new) echoed in the response header, a child logger carrying
 * it, and, when the response is done, exactly one log line and the metrics
 * for the request. GraphQL details (operation, variables' names, error
 * codes, upstream calls, cache outcome) are added by the Apollo plugin and
 * the request's trace.
 */
export class RequestLog {
  private readonly byRequest = new WeakMap<IncomingMessage, RequestRecord>();
  private readonly byTrace = new WeakMap<object, RequestRecord>();

  constructor(
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** Starts observing a request; call first thing in the request handler. `traceId`: its trace, when traced. */
  begin(req: IncomingMessage, res: ServerResponse, traceId?: string): RequestRecord {
    const id = requestIdOf(req);
    const bindings = traceId ? { reqId: id, trace_id: traceId } : { reqId: id };
    const record: RequestRecord = { id, log: this.logger.child(bindings) };
    this.byRequest.set(req, record);
    res.setHeader('x-request-id', id);
    const startedAt = performance.now();
    res.once('close', () => this.finish(req, res, record, performance.now() - startedAt));
    return record;
  }

  /** The id of the request a context belongs to (by its trace), for lines written elsewhere (the audit). */
  idOf(trace: object): string | undefined {
    return this.byTrace.get(trace)?.id;
  }

  /** The request's logger (the root logger for a request never begun). */
  loggerFor(req: IncomingMessage): Logger {
    return this.byRequest.get(req)?.log ?? this.logger;
  }

  /**
   * Wraps the HTTP context factory so the plugin can find the request a
   * context belongs to. Apollo hands plugins a shallow clone of the context,
   * so the link is the request's trace, which the clone shares.
   */
  bindContext<C extends { trace: object }>(
    make: (req: IncomingMessage) => Promise<C>,
  ): (req: IncomingMessage) => Promise<C> {
    return async (req) => {
      const context = await make(req);
      const record = this.byRequest.get(req);
      if (record) {
        this.byTrace.set(context.trace, record);
        record.context = context as unknown as GatewayContext;
      }
      return context;
    };
  }

  /** The Apollo plugin that notes each request's operation, variables' names and error codes. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    const byTrace = this.byTrace;
    return {
      async requestDidStart({ contextValue, request }) {
        const record = byTrace.get(contextValue.trace);
        if (!record) return;
        const facts: GraphQLFacts = {
          type: 'unknown',
          variables: Object.keys(request.variables ?? {}),
          errorCodes: [],
        };
        record.graphql = facts;
        return {
          // Apollo has hashed the query (SHA-256, hex) by now: the log's hash is its prefix, not a second hash.
          async didResolveSource({ queryHash }) {
            facts.queryHash = queryHash.slice(0, 16);
          },
          async willSendResponse({ response, operation, operationName }) {
            if (facts.queryHash === undefined && request.query !== undefined) {
              facts.queryHash = createHash('sha256').update(request.query).digest('hex').slice(0, 16);
            }
            facts.name = operation ? (operationName ?? null) : undefined;
            facts.type = (operation && OPERATION_TYPES[operation.operation]) ?? 'unknown';
            facts.fields = operation?.selectionSet.selections.flatMap((s) =>
              s.kind === Kind.FIELD ? [s.name.value] : [],
            );
            if (response.body.kind === 'single') {
              for (const error of response.body.singleResult.errors ?? []) {
                facts.errorCodes.push(String(error.extensions?.code ?? 'INTERNAL'));
              }
            }
          },
        };
      },
    };
  }

  private finish(req: IncomingMessage, res: ServerResponse, record: RequestRecord, ms: number): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = ROUTES.has(path) ? path : 'other';
    const status = res.writableFinished ? res.statusCode : 499;
    this.metrics.observeHttp(route, status);
    const base = { method: req.method, path: route === 'other' ? path.slice(0, 200) : path, status };
    const durationMs = Math.round(ms * 10) / 10;
    if (path !== '/graphql') {
      const level = PROBES.has(path) ? 'debug' : 'info';
      record.log[level]({ ...base, durationMs }, 'http request');
      return;
    }
    const facts = record.graphql;
    const operation = facts?.name === undefined ? 'unknown' : (facts.name ?? 'anonymous');
    this.metrics.observeGraphQL(operation, facts?.type ?? 'unknown', ms / 1000, facts?.errorCodes ?? []);
    const trace = record.context?.trace;
    record.log.info(
      {
        ...base,
        durationMs,
        // Who, and what: the principal (null when none authenticated), the operation and its root fields.
        principal: record.context?.principal?.id ?? null,
        operation,
        operationType: facts?.type ?? 'unknown',
        fields: facts?.fields,
        queryHash: facts?.queryHash,
        variables: facts?.variables,
        upstream: trace && {
          calls: trace.upstreamCalls,
          byOperation: Object.fromEntries(trace.callsByOperation),
        },
        cache: trace && { ...trace.cacheReads, staleServed: trace.stale.length },
        errors: facts && facts.errorCodes.length > 0 ? facts.errorCodes : undefined,
      },
      'graphql request',
    );
  }
}
