import { type GraphQLFormattedError, GraphQLError } from 'graphql';
import { classifyUpstreamError, UpstreamFailure } from '../../aws/errors';
import { ErrorCode } from './error-codes';
import { toGraphQLError } from './graphql-errors';

/** How errors leave the gateway. */
export interface ErrorFormatting {
  /** `EXPOSE_ERRORS=true`, for local debugging only: unexpected errors keep their message and stack. */
  exposeErrors: boolean;
}

/** The message every unexpected error is answered with. */
export const UNEXPECTED_MESSAGE = 'Unexpected error.';

/** The error a resolver (or anything beneath graphql-js) threw, under graphql-js's location wrapper. */
function thrownBy(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/**
 * The one way every GraphQL error leaves the gateway, over HTTP and over
 * WebSocket alike (Apollo's `formatError`, graphql-ws's `onNext` and `onError`):
 * - a deliberate error (a `GraphQLError` the gateway, graphql-js or Apollo
 *   built: validation, bad input, forbidden, not found...) keeps its message
 *   and code;
 * - an AWS error that reached here unmapped gets the one mapping;
 * - anything else is unexpected: `INTERNAL`, "Unexpected error.", no
 *   message, no stack, in every `NODE_ENV`, unless `exposeErrors`.
 * No stack trace leaves in any case unless `exposeErrors`.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: ErrorFormatting,
): GraphQLFormattedError {
  const thrown = thrownBy(error);
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (thrown instanceof GraphQLError) {
    const code = extensions.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && code !== ErrorCode.INTERNAL) {
      return {
        message: formatted.message,
        ...where,
        extensions: options.exposeErrors ? formatted.extensions : extensions,
      };
    }
    if (code === undefined && !(error instanceof GraphQLError && error.originalError)) {
      // graphql-js's own errors (syntax, validation) carry no code; Apollo gives them theirs before this.
      return { message: formatted.message, ...where, extensions };
    }
  } else if (thrown instanceof Error && classifyUpstreamError(thrown) !== UpstreamFailure.UNEXPECTED) {
    const mapped = toGraphQLError(thrown);
    return { message: mapped.message, ...where, extensions: { ...mapped.extensions } };
  }
  if (options.exposeErrors) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL } };
  }
  return { message: UNEXPECTED_MESSAGE, ...where, extensions: { code: ErrorCode.INTERNAL } };
}
