import { GraphQLError } from 'graphql';
import { classifyUpstreamError, UpstreamFailure, upstreamErrorDetails } from '../../aws/errors';
import { ErrorCode } from './error-codes';

/** The public code of each kind of upstream failure: one exhaustive switch. */
export function codeForFailure(failure: UpstreamFailure): ErrorCode {
  switch (failure) {
    case UpstreamFailure.BAD_USER_INPUT:
      return ErrorCode.BAD_USER_INPUT;
    case UpstreamFailure.NOT_FOUND:
      return ErrorCode.NOT_FOUND;
    case UpstreamFailure.CONFLICT:
      return ErrorCode.CONFLICT;
    case UpstreamFailure.PRECONDITION_FAILED:
      return ErrorCode.PRECONDITION_FAILED;
    case UpstreamFailure.LIMIT_EXCEEDED:
      return ErrorCode.LIMIT_EXCEEDED;
    case UpstreamFailure.THROTTLED:
      return ErrorCode.THROTTLED;
    case UpstreamFailure.UPSTREAM_UNAVAILABLE:
      return ErrorCode.UPSTREAM_UNAVAILABLE;
    case UpstreamFailure.CREDENTIALS_MISSING:
      return ErrorCode.CREDENTIALS_MISSING;
    case UpstreamFailure.ACCESS_DENIED:
      return ErrorCode.ACCESS_DENIED;
    case UpstreamFailure.UNEXPECTED:
      return ErrorCode.INTERNAL;
    default: {
      const unreachable: never = failure;
      throw new Error(`unknown upstream failure ${String(unreachable)}`);
    }
  }
}

/** The gateway code of an upstream error (as {@link toGraphQLError} would give it). */
export function codeForUpstreamError(err: unknown): ErrorCode {
  return codeForFailure(classifyUpstreamError((err ?? {}) as Error));
}

/**
 * Turns an upstream error into the GraphQL error clients see: a stable code,
 * the AWS exception name and the request id, and never a stack trace. An
 * error that is already a GraphQL error is kept as it is.
 */
export function toGraphQLError(err: unknown): GraphQLError {
  if (err instanceof GraphQLError) return err;
  const code = codeForUpstreamError(err);
  const details = upstreamErrorDetails(err);
  const message =
    code === ErrorCode.INTERNAL ? 'Unexpected error.' : (details.message ?? 'CodePipeline call failed');
  return new GraphQLError(message, {
    extensions: { code, awsErrorName: details.name, awsRequestId: details.requestId },
  });
}

/** A gateway-side input fault, raised before any upstream call. */
export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}
