import { type IncomingMessage } from 'node:http';
import { type Principal } from '../../schema/auth/principal';
import { type GatewayContext } from '../../schema/context';
import { type Authenticator } from './authenticator';
import { authError, failureCodes } from './outcome';
import { type RequestAuthenticator } from './request-auth';

/** What the WebSocket side makes of `connection_init`: a principal, or a close code and reason. */
export type ConnectionAuth = { principal: Principal } | { close: number; reason: string };

/**
 * The HTTP context: authenticates the request's `Authorization` header, then
 * builds the context for its principal. A refused credential becomes a
 * GraphQL error with `UNAUTHENTICATED` (401), `FORBIDDEN` (403) or
 * `UPSTREAM_UNAVAILABLE` (503); nothing is executed.
 */
export function authenticatedHttpContext(
  authenticator: RequestAuthenticator,
  makeContext: (principal: Principal) => Promise<GatewayContext>,
): (req: IncomingMessage) => Promise<GatewayContext> {
  return async (req) => {
    const outcome = await authenticator.authenticate(req, req.headers.authorization);
    if (!outcome.ok) throw authError(outcome);
    return makeContext(outcome.principal);
  };
}

/**
 * graphql-ws `connection_init`: a missing or bad credential closes the socket
 * with 4401, a genuine one that grants nothing with 4403.
 */
export function connectionAuthenticator(
  authenticator: Authenticator,
): (params: Readonly<Record<string, unknown>> | undefined) => Promise<ConnectionAuth> {
  return async (params) => {
    const outcome = await authenticator.authenticate(params);
    if (outcome.ok) return { principal: outcome.principal };
    return { close: failureCodes(outcome.reason).close, reason: outcome.message.slice(0, 120) };
  };
}
