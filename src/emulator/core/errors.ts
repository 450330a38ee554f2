/**
 * AWS JSON 1.1 errors as the emulator raises them.
 *
 * Handlers throw {@link AwsError}; the protocol layer turns it into
 * `{"__type": name, "message": ...}` with the HTTP status, which is exactly
 * what `@aws-sdk/client-codepipeline` deserializes into its typed exceptions.
 */
export class AwsError extends Error {
  constructor(
    /** The exception name, sent as `__type`. */
    readonly type: string,
    message: string,
    /** 400 for client faults, 5xx for service faults (the SDK retries those). */
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** Raises a `ValidationException`, the catch-all for malformed input. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** Shorthand for the many `...NotFoundException`s and other typed client faults. */
export function awsError(type: string, message: string): AwsError {
  return new AwsError(type, message);
}
