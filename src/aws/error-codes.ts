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
  FORBIDDEN = 'FORBIDDEN',
  INTERNAL = 'INTERNAL',
}
