import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';

/**
 * Where each target's credentials come from. There is one base: the SDK's
 * default chain (environment, shared profile, SSO, web identity, container
 * and instance metadata), or static keys for an emulator. A target with a
 * role is reached by assuming that role from the base with STS, and its
 * temporary credentials are renewed before they expire, so a gateway that
 * runs for weeks never serves an `ExpiredToken`.
 */

/** A credential provider as the SDK clients take it. */
export type CredentialProvider = ReturnType<typeof fromNodeProviderChain>;
/** The credentials a provider yields. */
export type Credentials = Awaited<ReturnType<CredentialProvider>>;

/** The session name every assumed role carries, so CloudTrail says who called. */
export const ROLE_SESSION_NAME = 'codepipeline-graphql-gateway';

/** Renew this long before expiry: the SDK's own margin, so a signed request never carries expiring keys. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The links of the SDK's default chain in the order it tries them, for the
 * `CREDENTIALS_MISSING` message: an operator reads it to see what to set.
 */
export const DEFAULT_CHAIN_DESCRIPTION =
  'environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), SSO, shared profile ' +
  '(AWS_PROFILE in ~/.aws/credentials and ~/.aws/config), credential_process, ' +
  'web identity (AWS_WEB_IDENTITY_TOKEN_FILE, IRSA), container metadata (AWS_CONTAINER_CREDENTIALS_*), ' +
  'instance metadata (IMDS)';

/** Static keys, for endpoints that stand in for AWS. */
export interface StaticKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The base credentials: static keys when given (an emulator or a test),
 * otherwise the SDK's default chain, renewed before expiry like any other.
 */
export function baseCredentials(staticKeys?: StaticKeys): CredentialProvider {
  if (staticKeys) {
    const fixed: Credentials = { ...staticKeys };
    return () => Promise.resolve(fixed);
  }
  return refreshBeforeExpiry(fromNodeProviderChain());
}

/** How one target's role is assumed. */
export interface AssumeRoleSettings {
  roleArn: string;
  externalId?: string;
  /** The target's region: STS is called in it (regional endpoints answer faster and survive a us-east-1 outage). */
  region: string;
  /**
   * The STS endpoint, when one is forced (`CODEPIPELINE_ENDPOINT`). Absent, the
   * SDK chooses it itself, honouring `AWS_ENDPOINT_URL_STS` and `AWS_ENDPOINT_URL`.
   */
  endpoint?: string;
  /** Bound on each STS attempt. */
  requestTimeoutMs: number;
  /** STS attempts under the `standard` retry mode. */
  maxAttempts: number;
  /** The clock, for tests of renewal. */
  now?: () => number;
}

/**
 * Credentials of a role assumed from `base` with STS `AssumeRole`, carrying
 * the external id and the gateway's session name, and renewed
 * {@link REFRESH_MARGIN_MS} before they expire.
 */
export function assumedRoleCredentials(
  base: CredentialProvider,
  settings: AssumeRoleSettings,
): CredentialProvider {
  const assume = fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: settings.roleArn,
      RoleSessionName: ROLE_SESSION_NAME,
      ...(settings.externalId !== undefined ? { ExternalId: settings.externalId } : {}),
    },
    clientConfig: {
      region: settings.region,
      ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
      retryMode: 'standard',
      maxAttempts: settings.maxAttempts,
      requestHandler: {
        connectionTimeout: Math.min(settings.requestTimeoutMs, 5_000),
        requestTimeout: settings.requestTimeoutMs,
        throwOnRequestTimeout: true,
      },
    },
  });
  return refreshBeforeExpiry(() => assume(), { now: settings.now });
}

/**
 * One set of credentials shared by every caller, fetched once, and fetched
 * again when it comes within `marginMs` of its expiry. Concurrent callers
 * share one fetch. If a renewal fails while the held credentials are still
 * valid, they keep being used (STS hiccups do not become query errors); a
 * failure with nothing valid to fall back on is thrown, and not remembered,
 * so the next call tries again.
 *
 * The SDK clients memoise credentials the same way, but per client: a role
 * used in three regions would be assumed three times. Marked `memoized`, this
 * provider is used by every client as it is.
 */
export function refreshBeforeExpiry(
  provider: () => Promise<Credentials>,
  options: { marginMs?: number; now?: () => number } = {},
): CredentialProvider {
  const marginMs = options.marginMs ?? REFRESH_MARGIN_MS;
  const now = options.now ?? Date.now;
  let held: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;

  const fetchNew = (): Promise<Credentials> => {
    pending ??= provider()
      .then((fresh) => {
        held = fresh;
        return fresh;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const expiresAt = (credentials: Credentials): number =>
    credentials.expiration ? credentials.expiration.getTime() : Number.POSITIVE_INFINITY;

  const memoised = async (): Promise<Credentials> => {
    const current = held;
    if (current === undefined || expiresAt(current) <= now()) return fetchNew();
    if (expiresAt(current) - now() < marginMs) {
      // Still valid: renew, but fall back on what is held if the renewal fails.
      return fetchNew().catch(() => current);
    }
    return current;
  };
  return Object.assign(memoised, { memoized: true as const });
}
