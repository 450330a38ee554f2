import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/errors/error-codes';
import { type Principal } from '../../schema/auth/principal';
import { WsCloseCode } from '../ws-close-codes';

/**
 * Why a credential was not accepted:
 * - `missing`: none was given;
 * - `invalid`: it was checked and is wrong, expired or for someone else;
 * - `forbidden`: it is genuine but grants nothing (a token without a known role);
 * - `unavailable`: it could not be checked (the JWKS could not be fetched).
 */
export type AuthFailureReason = 'missing' | 'invalid' | 'forbidden' | 'unavailable';

/** A refused credential. The message is for the client and never quotes the credential. */
export interface AuthFailure {
  ok: false;
  reason: AuthFailureReason;
  message: string;
}

/** The result of authenticating one request or connection. */
export type AuthOutcome = { ok: true; principal: Principal } | AuthFailure;

/** The HTTP status, GraphQL code and graphql-ws close code of each failure. */
export function failureCodes(reason: AuthFailureReason): { status: number; code: ErrorCode; close: number } {
  switch (reason) {
    case 'missing':
    case 'invalid':
      return { status: 401, code: ErrorCode.UNAUTHENTICATED, close: WsCloseCode.Unauthorized };
    case 'forbidden':
      return { status: 403, code: ErrorCode.FORBIDDEN, close: WsCloseCode.Forbidden };
    case 'unavailable':
      // 1013 "try again later": the credential may well be fine.
      return { status: 503, code: ErrorCode.UPSTREAM_UNAVAILABLE, close: WsCloseCode.TryAgainLater };
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

/**
 * The GraphQL error an HTTP request is refused with. Apollo answers a context
 * that throws it with the status in `extensions.http` (401, 403 or 503), and
 * the client sees the code, never a 500.
 */
export function authError(failure: AuthFailure): GraphQLError {
  const { status, code } = failureCodes(failure.reason);
  const headers = new Map<string, string>();
  if (status === 401) headers.set('www-authenticate', 'Bearer');
  return new GraphQLError(failure.message, { extensions: { code, http: { status, headers } } });
}
