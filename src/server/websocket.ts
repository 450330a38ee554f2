import { type Server } from 'node:http';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ErrorCode } from '../aws/error-codes';
import { type GatewayContext } from '../schema/context';

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
  /**
   * Checks `connection_init`'s payload. Returns false to refuse (4403). The
   * default admits everyone; authentication plugs in here.
   */
  authenticate?: (
    connectionParams: Readonly<Record<string, unknown>> | undefined,
  ) => Promise<boolean> | boolean;
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
  makeContext: () => Promise<GatewayContext>,
  options: WebSocketOptions,
): WebSocketEndpoint {
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      connectionInitWaitTimeout: options.connectionInitTimeoutMs,
      onConnect: async (ctx) => (options.authenticate ? options.authenticate(ctx.connectionParams) : true),
      context: () => makeContext(),
      onSubscribe: (ctx) => {
        if (Object.keys(ctx.subscriptions).length >= options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(
              `At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`,
              {
                extensions: { code: ErrorCode.LIMIT_EXCEEDED },
              },
            ),
          ];
        }
        return undefined;
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
      for (const socket of wsServer.clients) socket.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** Re-exported so callers name close codes, never numbers. */
export { CloseCode };
