import { type CredentialProvider } from './credentials';
import { UpstreamFailure } from './errors';
import { classifyTargetError, type TargetHealthBoard, type TargetName } from './target-health';

/**
 * A target's credentials, kept honest about the target's health. When the
 * credentials cannot be had (no chain, a refused role) every caller of the
 * target learns it from the board at once, with the target's name and
 * cause, instead of asking STS again per resolver; one call is let through
 * every `retryAfterMs` to find out whether it has come back. The error a
 * caller sees is rebuilt from the classification, so STS's own text (which
 * names the gateway's identity) never reaches a client.
 */

/** Options of {@link targetCredentials}. */
export interface TargetCredentialsOptions {
  /** The board key of the target (`account:region`). */
  key: string;
  target: TargetName & { roleArn?: string };
  board: TargetHealthBoard;
  /** How long a credential failure is answered from the board before one call tries again. Default 30 s. */
  retryAfterMs?: number;
  now?: () => number;
}

/** The AWS error name a credential failure is raised as, so the one error mapping gives it its code. */
const ERROR_NAME: Readonly<Record<string, string>> = {
  [UpstreamFailure.CREDENTIALS_MISSING]: 'CredentialsProviderError',
  [UpstreamFailure.ACCESS_DENIED]: 'AccessDenied',
};

function credentialFailureError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: ERROR_NAME[code] ?? 'CredentialsProviderError' });
}

/** Wraps `provider` for one target: failures go on the board, and the board answers while they are fresh. */
export function targetCredentials(
  provider: CredentialProvider,
  options: TargetCredentialsOptions,
): CredentialProvider {
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const now = options.now ?? Date.now;
  let failedAtMs: number | undefined;
  const gated = async (): Promise<Awaited<ReturnType<CredentialProvider>>> => {
    const known = options.board.failureOf(options.key);
    const credentialFailure =
      known &&
      (known.code === UpstreamFailure.CREDENTIALS_MISSING || known.code === UpstreamFailure.ACCESS_DENIED);
    if (credentialFailure && failedAtMs !== undefined && now() - failedAtMs < retryAfterMs) {
      throw credentialFailureError(known.code, known.message);
    }
    try {
      const credentials = await provider();
      // Credentials again after a credential failure: the target is back (other causes are the checks' to clear).
      if (credentialFailure) options.board.reportOk(options.key);
      failedAtMs = undefined;
      return credentials;
    } catch (err) {
      const failure = classifyTargetError(err, options.target);
      if (!failure || failure.code === UpstreamFailure.UPSTREAM_UNAVAILABLE) throw err;
      failedAtMs = now();
      options.board.reportFailure(options.key, failure);
      throw credentialFailureError(failure.code, failure.message);
    }
  };
  return Object.assign(gated, { memoized: true as const });
}
