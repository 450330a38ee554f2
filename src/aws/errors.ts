import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';

/** The one mapping from CodePipeline exception names to gateway error codes. */
const CODE_BY_EXCEPTION: Readonly<Record<string, ErrorCode>> = {
  ValidationException: ErrorCode.BAD_USER_INPUT,
  InvalidStructureException: ErrorCode.BAD_USER_INPUT,
  InvalidStageDeclarationException: ErrorCode.BAD_USER_INPUT,
  InvalidActionDeclarationException: ErrorCode.BAD_USER_INPUT,
  InvalidBlockerDeclarationException: ErrorCode.BAD_USER_INPUT,
  InvalidNextTokenException: ErrorCode.BAD_USER_INPUT,
  InvalidArnException: ErrorCode.BAD_USER_INPUT,
  InvalidTagsException: ErrorCode.BAD_USER_INPUT,
  InvalidNonceException: ErrorCode.BAD_USER_INPUT,
  InvalidClientTokenException: ErrorCode.BAD_USER_INPUT,
  InvalidApprovalTokenException: ErrorCode.BAD_USER_INPUT,
  InvalidJobException: ErrorCode.BAD_USER_INPUT,
  InvalidWebhookAuthenticationParametersException: ErrorCode.BAD_USER_INPUT,
  InvalidWebhookFilterPatternException: ErrorCode.BAD_USER_INPUT,
  PipelineNotFoundException: ErrorCode.NOT_FOUND,
  PipelineVersionNotFoundException: ErrorCode.NOT_FOUND,
  PipelineExecutionNotFoundException: ErrorCode.NOT_FOUND,
  StageNotFoundException: ErrorCode.NOT_FOUND,
  ActionNotFoundException: ErrorCode.NOT_FOUND,
  ActionTypeNotFoundException: ErrorCode.NOT_FOUND,
  ActionExecutionNotFoundException: ErrorCode.NOT_FOUND,
  JobNotFoundException: ErrorCode.NOT_FOUND,
  WebhookNotFoundException: ErrorCode.NOT_FOUND,
  ResourceNotFoundException: ErrorCode.NOT_FOUND,
  PipelineNameInUseException: ErrorCode.CONFLICT,
  ConcurrentModificationException: ErrorCode.CONFLICT,
  NotLatestPipelineExecutionException: ErrorCode.CONFLICT,
  ConflictException: ErrorCode.CONFLICT,
  PipelineExecutionOutdatedException: ErrorCode.CONFLICT,
  DuplicatedStopRequestException: ErrorCode.CONFLICT,
  PipelineExecutionNotStoppableException: ErrorCode.PRECONDITION_FAILED,
  StageNotRetryableException: ErrorCode.PRECONDITION_FAILED,
  ApprovalAlreadyCompletedException: ErrorCode.PRECONDITION_FAILED,
  ConditionNotOverridableException: ErrorCode.PRECONDITION_FAILED,
  UnableToRollbackStageException: ErrorCode.PRECONDITION_FAILED,
  InvalidJobStateException: ErrorCode.PRECONDITION_FAILED,
  RequestFailedException: ErrorCode.PRECONDITION_FAILED,
  LimitExceededException: ErrorCode.LIMIT_EXCEEDED,
  TooManyTagsException: ErrorCode.LIMIT_EXCEEDED,
  ConcurrentPipelineExecutionsLimitExceededException: ErrorCode.LIMIT_EXCEEDED,
  OutputVariablesSizeExceededException: ErrorCode.LIMIT_EXCEEDED,
  ThrottlingException: ErrorCode.THROTTLED,
  TooManyRequestsException: ErrorCode.THROTTLED,
  RequestLimitExceeded: ErrorCode.THROTTLED,
  // Credentials: none found by the chain, or refused (by STS AssumeRole or by CodePipeline itself).
  CredentialsProviderError: ErrorCode.CREDENTIALS_MISSING,
  AccessDenied: ErrorCode.ACCESS_DENIED,
  AccessDeniedException: ErrorCode.ACCESS_DENIED,
  UnrecognizedClientException: ErrorCode.ACCESS_DENIED,
  InvalidClientTokenId: ErrorCode.ACCESS_DENIED,
  InvalidSignatureException: ErrorCode.ACCESS_DENIED,
  SignatureDoesNotMatch: ErrorCode.ACCESS_DENIED,
  ExpiredToken: ErrorCode.ACCESS_DENIED,
  ExpiredTokenException: ErrorCode.ACCESS_DENIED,
  RegionDisabledException: ErrorCode.ACCESS_DENIED,
};

interface SdkLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: 'client' | 'server';
}

/** Network-level failures: the upstream did not answer at all. */
const NETWORK_ERRORS = new Set([
  'TimeoutError',
  'AbortError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

/** Picks the gateway code for an error raised by the SDK (or the network beneath it). */
export function codeForUpstreamError(err: SdkLikeError & { code?: string }): ErrorCode {
  const name = err.name ?? '';
  const mapped = CODE_BY_EXCEPTION[name];
  if (mapped) return mapped;
  if (NETWORK_ERRORS.has(name) || (err.code !== undefined && NETWORK_ERRORS.has(err.code))) {
    return ErrorCode.UPSTREAM_UNAVAILABLE;
  }
  const status = err.$metadata?.httpStatusCode;
  if (err.$fault === 'server' || (status !== undefined && status >= 500))
    return ErrorCode.UPSTREAM_UNAVAILABLE;
  return ErrorCode.INTERNAL;
}

/**
 * Turns an SDK error into the GraphQL error clients see: a stable code, the
 * AWS exception name and the request id, and never a stack trace.
 */
export function toGraphQLError(err: unknown): GraphQLError {
  if (err instanceof GraphQLError) return err;
  const e = (err ?? {}) as SdkLikeError & { code?: string };
  const code = codeForUpstreamError(e);
  const message =
    code === ErrorCode.INTERNAL ? 'Unexpected error.' : (e.message ?? 'CodePipeline call failed');
  return new GraphQLError(message, {
    extensions: {
      code,
      awsErrorName: e.name,
      awsRequestId: e.$metadata?.requestId,
    },
  });
}

/** A gateway-side input fault, raised before any upstream call. */
export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}
