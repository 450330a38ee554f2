import { type IncomingMessage } from 'node:http';
import { type Principal } from '../../schema/auth/principal';
import { type WebSocketObserver } from '../websocket';
import { type AuditLog } from './audit';
import { requestIdOf } from './logger';

/** The client's address, as the socket saw it (behind a proxy: the proxy's; its `x-forwarded-for` is logged too). */
function peer(request: IncomingMessage): { remote?: string; forwardedFor?: string } {
  const forwarded = request.headers['x-forwarded-for'];
  return {
    remote: request.socket.remoteAddress,
    forwardedFor: Array.isArray(forwarded) ? forwarded.join(', ') : forwarded,
  };
}

/**
 * The WebSocket side of the audit trail: each connection opened (with its
 * principal), refused (with the close code and reason) and closed, and each
 * subscription started and ended, with the principal that holds it. Every
 * line carries `connection`, the socket's id, to pair a close with its open.
 */
export function socketAudit(audit: AuditLog): WebSocketObserver {
  const id = (principal: Principal | undefined): string | null => principal?.id ?? null;
  return {
    connectionOpened: (connection, principal, request) =>
      audit.write({
        event: 'ws.connection.opened',
        principal: principal.id,
        connection,
        reqId: requestIdOf(request),
        ...peer(request),
      }),
    connectionRefused: (connection, code, reason, request) =>
      audit.write({
        event: 'ws.connection.refused',
        principal: null,
        connection,
        code,
        reason,
        reqId: requestIdOf(request),
        ...peer(request),
      }),
    connectionClosed: (connection, principal, code, reason) =>
      audit.write({
        event: 'ws.connection.closed',
        principal: id(principal),
        connection,
        code,
        reason: reason || undefined,
      }),
    subscriptionStarted: (connection, principal, subscriptionId, operationName) =>
      audit.write({
        event: 'subscription.started',
        principal: principal.id,
        connection,
        id: subscriptionId,
        operation: operationName ?? null,
      }),
    subscriptionEnded: (connection, principal, subscriptionId) =>
      audit.write({ event: 'subscription.ended', principal: principal.id, connection, id: subscriptionId }),
  };
}
