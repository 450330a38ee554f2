import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server } from 'node:http';
import { type Duplex } from 'node:stream';
import {
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  subscribe,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ErrorCode } from '../schema/errors/error-codes';
import { type Principal } from '../schema/auth/principal';
import { distinctPushes } from '../schema/subscriptions/distinct-pushes';
import { type GatewayContext } from '../schema/context';
import { type ConnectionAuth } from './auth/wiring';
import { type DocumentGate } from './documents/document-gate';
import { parseFailure, refuseServerMessages, withCodes } from './ws-hardening';
import { WsCloseCode } from './ws-close-codes';

/** graphql-ws housekeeping settings. */
export interface WebSocketOptions {
  /** A socket that sends no `connection_init` within this time is closed (4408). */
  connectionInitTimeoutMs: number;
  /** Ping interval; a peer that stops answering is dropped. */
  keepAliveMs: number;
  /** Subscriptions one connection may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** Largest message accepted from a client. */
  maxPayloadBytes: number;
  /** The one error formatting (schema/errors/format-error.ts), applied to every error pushed or answered. */
  formatError?: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /**
   * Checks `connection_init`'s payload: the principal every context of the
   * connection gets, or the close code (4401, 4403) the socket is closed with.
   */
  authenticate: (connectionParams: Readonly<Record<string, unknown>> | undefined) => Promise<ConnectionAuth>;
  /** Checks each `subscribe` (rate, depth, cost: limits/subscribe-guard.ts); errors refuse it. */
  checkSubscribe?: (
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    request: IncomingMessage,
    connectionParams: Readonly<Record<string, unknown>> | undefined,
  ) => Promise<GraphQLError[] | undefined>;
  /** Trusted documents, the introspection rule and error hints, as over HTTP (documents/document-gate.ts). */
  documents?: Pick<DocumentGate, 'subscribe' | 'validate'>;
  /** Told of each connection and subscription, for the audit log. */
  observer?: WebSocketObserver;
}

/**
 * What happens on the WebSocket side, as the audit log records it. `connection`
 * is the socket's id, the same on every call about one socket, so its lines
 * pair up (subscription ids are the client's and repeat across sockets).
 */
export interface WebSocketObserver {
  /** `connection_init` was accepted for `principal`. */
  connectionOpened(connection: string, principal: Principal, request: IncomingMessage): void;
  /** `connection_init` was refused: the socket is closed with `code`. */
  connectionRefused(connection: string, code: number, reason: string, request: IncomingMessage): void;
  /** The socket closed (principal undefined when it never authenticated). */
  connectionClosed(connection: string, principal: Principal | undefined, code: number, reason: string): void;
  /** A subscription (or a query or mutation over the socket) was admitted. */
  subscriptionStarted(
    connection: string,
    principal: Principal,
    id: string,
    operationName: string | undefined,
  ): void;
  /** It completed, by the client's `complete`, the end of its stream, or the socket closing. */
  subscriptionEnded(connection: string, principal: Principal, id: string): void;
}

/** The WebSocket side of a gateway. */
export interface WebSocketEndpoint {
  /** Open sockets right now. */
  readonly connections: number;
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * Serves graphql-ws on the HTTP server's `/graphql` path. Each subscription
 * gets a context of its own, so its loaders are its own; when a socket
 * closes, graphql-ws returns every iterator, which releases watches and
 * listeners (see LiveEvents).
 */
export function attachWebSocket(
  httpServer: Server,
  schema: GraphQLSchema,
  makeContext: (principal: Principal) => Promise<GatewayContext>,
  options: WebSocketOptions,
): WebSocketEndpoint {
  // noServer: the HTTP server's own errors (the port in use) stay the HTTP server's, instead of reaching
  // graphql-ws as "Internal error emitted on the WebSocket server" with a stack trace.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if ((request.url ?? '/').split('?')[0] !== '/graphql') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);
  const principals = new WeakMap<object, Principal>();
  // graphql-ws keeps one context object per socket, from its first message to its close.
  const connectionIds = new WeakMap<object, string>();
  const connectionOf = (ctx: object): string => {
    let id = connectionIds.get(ctx);
    if (id === undefined) {
      id = randomUUID();
      connectionIds.set(ctx, id);
    }
    return id;
  };
  const observer = options.observer;
  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      // A subscription that pushes states never pushes one equal to the last (schema/subscriptions/distinct-pushes.ts).
      subscribe: distinctPushes(subscribe),
      connectionInitWaitTimeout: options.connectionInitTimeoutMs,
      // Hostile frames get 4400 or coded errors, never graphql-ws's 4500 (see ws-hardening.ts).
      jsonMessageReviver: refuseServerMessages,
      validate: options.documents?.validate,
      onError: (_ctx, _id, _payload, errors) =>
        withCodes(errors).map((formatted, i) => options.formatError?.(formatted, errors[i]) ?? formatted),
      // Errors inside results (a failed field of a push) leave through the same formatting as over HTTP.
      onNext: (_ctx, _id, _payload, _args, result) =>
        options.formatError && 'errors' in result && result.errors
          ? {
              ...result,
              errors: result.errors.map((error) =>
                (options.formatError as NonNullable<WebSocketOptions['formatError']>)(error.toJSON(), error),
              ),
            }
          : result,
      onConnect: async (ctx) => {
        const auth = await options.authenticate(ctx.connectionParams);
        if ('close' in auth) {
          // Closed here with its own code; graphql-ws's later 4403 finds the socket already closing.
          observer?.connectionRefused(connectionOf(ctx), auth.close, auth.reason, ctx.extra.request);
          ctx.extra.socket.close(auth.close, auth.reason);
          return false;
        }
        principals.set(ctx, auth.principal);
        observer?.connectionOpened(connectionOf(ctx), auth.principal, ctx.extra.request);
        return true;
      },
      onClose: (ctx, code, reason) =>
        observer?.connectionClosed(
          connectionOf(ctx),
          principals.get(ctx),
          code ?? 1005,
          String(reason ?? ''),
        ),
      onOperation: (ctx, id, payload, args) => {
        const principal = principals.get(ctx);
        // The name the client gave, else the one in the document (clients rarely send operationName).
        const name = payload.operationName ?? getOperationAST(args.document, args.operationName)?.name?.value;
        if (principal) observer?.subscriptionStarted(connectionOf(ctx), principal, id, name);
      },
      onComplete: (ctx, id) => {
        const principal = principals.get(ctx);
        if (principal) observer?.subscriptionEnded(connectionOf(ctx), principal, id);
      },
      context: (ctx) => {
        const principal = principals.get(ctx);
        // graphql-ws runs no operation before connection_init was acknowledged.
        if (!principal) throw new Error('No principal for an acknowledged connection');
        return makeContext(principal);
      },
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has already registered this subscription: it is one of the keys.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(
              `At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`,
              {
                extensions: { code: ErrorCode.LIMIT_EXCEEDED },
              },
            ),
          ];
        }
        // A trusted id becomes its text here (payload.query), before anything parses it.
        const refused = options.documents?.subscribe(payload);
        if (refused) return refused;
        const unparsable = parseFailure(payload.query);
        if (unparsable) return unparsable;
        return options.checkSubscribe?.(payload, ctx.extra.request, ctx.connectionParams);
      },
    },
    wsServer,
    options.keepAliveMs,
  );
  return {
    get connections() {
      return wsServer.clients.size;
    },
    close: async () => {
      httpServer.off('upgrade', onUpgrade);
      for (const socket of wsServer.clients) socket.close(WsCloseCode.GoingAway, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** Re-exported so callers name close codes, never numbers. */
export { CloseCode };
