/**
 * What went wrong with a call to AWS, as the gateway tells failures apart.
 * This layer only classifies; the codes clients see, and the GraphQL errors
 * carrying them, belong to the schema (src/schema/errors/), which maps each
 * kind onto its `ErrorCode`.
 */
export enum UpstreamFailure {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  THROTTLED = 'THROTTLED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  CREDENTIALS_MISSING = 'CREDENTIALS_MISSING',
  ACCESS_DENIED = 'ACCESS_DENIED',
  /** Anything not recognised: a bug or an unknown exception; clients see `INTERNAL` and no message. */
  UNEXPECTED = 'UNEXPECTED',
}

/** The one mapping from AWS exception names to kinds of failure. */
const CODE_BY_EXCEPTION: Readonly<Record<string, UpstreamFailure>> = {
  // The gateway's own budget refused the call (src/upstream): to a caller it is a throttle.
  UpstreamBudgetExhausted: UpstreamFailure.THROTTLED,
  ValidationException: UpstreamFailure.BAD_USER_INPUT,
  InvalidStructureException: UpstreamFailure.BAD_USER_INPUT,
  InvalidStageDeclarationException: UpstreamFailure.BAD_USER_INPUT,
  InvalidActionDeclarationException: UpstreamFailure.BAD_USER_INPUT,
  InvalidBlockerDeclarationException: UpstreamFailure.BAD_USER_INPUT,
  InvalidNextTokenException: UpstreamFailure.BAD_USER_INPUT,
  InvalidArnException: UpstreamFailure.BAD_USER_INPUT,
  InvalidTagsException: UpstreamFailure.BAD_USER_INPUT,
  InvalidNonceException: UpstreamFailure.BAD_USER_INPUT,
  InvalidClientTokenException: UpstreamFailure.BAD_USER_INPUT,
  InvalidApprovalTokenException: UpstreamFailure.BAD_USER_INPUT,
  InvalidJobException: UpstreamFailure.BAD_USER_INPUT,
  InvalidWebhookAuthenticationParametersException: UpstreamFailure.BAD_USER_INPUT,
  InvalidWebhookFilterPatternException: UpstreamFailure.BAD_USER_INPUT,
  PipelineNotFoundException: UpstreamFailure.NOT_FOUND,
  PipelineVersionNotFoundException: UpstreamFailure.NOT_FOUND,
  PipelineExecutionNotFoundException: UpstreamFailure.NOT_FOUND,
  StageNotFoundException: UpstreamFailure.NOT_FOUND,
  ActionNotFoundException: UpstreamFailure.NOT_FOUND,
  ActionTypeNotFoundException: UpstreamFailure.NOT_FOUND,
  ActionExecutionNotFoundException: UpstreamFailure.NOT_FOUND,
  JobNotFoundException: UpstreamFailure.NOT_FOUND,
  WebhookNotFoundException: UpstreamFailure.NOT_FOUND,
  ResourceNotFoundException: UpstreamFailure.NOT_FOUND,
  PipelineNameInUseException: UpstreamFailure.CONFLICT,
  ConcurrentModificationException: UpstreamFailure.CONFLICT,
  NotLatestPipelineExecutionException: UpstreamFailure.CONFLICT,
  ConflictException: UpstreamFailure.CONFLICT,
  PipelineExecutionOutdatedException: UpstreamFailure.CONFLICT,
  DuplicatedStopRequestException: UpstreamFailure.CONFLICT,
  PipelineExecutionNotStoppableException: UpstreamFailure.PRECONDITION_FAILED,
  StageNotRetryableException: UpstreamFailure.PRECONDITION_FAILED,
  ApprovalAlreadyCompletedException: UpstreamFailure.PRECONDITION_FAILED,
  ConditionNotOverridableException: UpstreamFailure.PRECONDITION_FAILED,
  UnableToRollbackStageException: UpstreamFailure.PRECONDITION_FAILED,
  InvalidJobStateException: UpstreamFailure.PRECONDITION_FAILED,
  RequestFailedException: UpstreamFailure.PRECONDITION_FAILED,
  LimitExceededException: UpstreamFailure.LIMIT_EXCEEDED,
  TooManyTagsException: UpstreamFailure.LIMIT_EXCEEDED,
  ConcurrentPipelineExecutionsLimitExceededException: UpstreamFailure.LIMIT_EXCEEDED,
  OutputVariablesSizeExceededException: UpstreamFailure.LIMIT_EXCEEDED,
  ThrottlingException: UpstreamFailure.THROTTLED,
  TooManyRequestsException: UpstreamFailure.THROTTLED,
  RequestLimitExceeded: UpstreamFailure.THROTTLED,
  // Credentials: none found by the chain, or refused (by STS AssumeRole or by CodePipeline itself).
  CredentialsProviderError: UpstreamFailure.CREDENTIALS_MISSING,
  AccessDenied: UpstreamFailure.ACCESS_DENIED,
  AccessDeniedException: UpstreamFailure.ACCESS_DENIED,
  UnrecognizedClientException: UpstreamFailure.ACCESS_DENIED,
  InvalidClientTokenId: UpstreamFailure.ACCESS_DENIED,
  InvalidSignatureException: UpstreamFailure.ACCESS_DENIED,
  SignatureDoesNotMatch: UpstreamFailure.ACCESS_DENIED,
  ExpiredToken: UpstreamFailure.ACCESS_DENIED,
  ExpiredTokenException: UpstreamFailure.ACCESS_DENIED,
  RegionDisabledException: UpstreamFailure.ACCESS_DENIED,
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

/** Classifies an error raised by the SDK (or the network beneath it, or the budget in front of it). */
export function classifyUpstreamError(err: SdkLikeError & { code?: string }): UpstreamFailure {
  const name = err.name ?? '';
  const mapped = CODE_BY_EXCEPTION[name];
  if (mapped) return mapped;
  if (NETWORK_ERRORS.has(name) || (err.code !== undefined && NETWORK_ERRORS.has(err.code))) {
    return UpstreamFailure.UPSTREAM_UNAVAILABLE;
  }
  const status = err.$metadata?.httpStatusCode;
  if (err.$fault === 'server' || (status !== undefined && status >= 500))
    return UpstreamFailure.UPSTREAM_UNAVAILABLE;
  return UpstreamFailure.UNEXPECTED;
}

/** What of an AWS error may be shown to clients: the exception's name, its message and AWS's request id. */
export function upstreamErrorDetails(err: unknown): { name?: string; message?: string; requestId?: string } {
  const e = (err ?? {}) as SdkLikeError;
  return { name: e.name, message: e.message, requestId: e.$metadata?.requestId };
}
