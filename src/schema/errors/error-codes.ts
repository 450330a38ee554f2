/**
 * The stable error codes clients switch on, in `extensions.code`. Messages
 * may change; these may not.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  THROTTLED = 'THROTTLED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** A target has no credentials: the default chain found none (the target is named in the message). */
  CREDENTIALS_MISSING = 'CREDENTIALS_MISSING',
  /** A target's credentials were refused: its role cannot be assumed, or the identity may not call. */
  ACCESS_DENIED = 'ACCESS_DENIED',
  /** No credential, or a wrong or expired one (HTTP 401, graphql-ws close 4401). */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** The query's depth or estimated upstream cost is over the limit; nothing was called. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The caller's request rate is over its limit; `retryAfterMs` says when to try again. */
  RATE_LIMITED = 'RATE_LIMITED',
  /**
   * The document is not in the trusted documents while `TRUSTED_DOCUMENTS_ONLY`
   * is on (HTTP 400 over HTTP, an error message over graphql-ws); nothing ran.
   */
  PERSISTED_QUERY_NOT_LISTED = 'PERSISTED_QUERY_NOT_LISTED',
  INTERNAL = 'INTERNAL',
}
