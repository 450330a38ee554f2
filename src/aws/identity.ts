import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type CredentialProvider } from './credentials';

/**
 * Who the gateway is, found rather than typed in: the account behind the
 * credentials (STS `GetCallerIdentity`, which needs no permission at all)
 * and the region of the SDK's standard chain.
 */

/** How to reach STS for one question. */
export interface StsSettings {
  credentials: CredentialProvider;
  /** The region STS is called in. */
  region: string;
  /** A forced endpoint (`CODEPIPELINE_ENDPOINT`); absent, the SDK honours `AWS_ENDPOINT_URL_STS`/`AWS_ENDPOINT_URL`. */
  endpoint?: string;
  /** Bound on the call. */
  requestTimeoutMs: number;
  maxAttempts: number;
}

/** The account of the credentials, from STS `GetCallerIdentity`. */
export async function callerAccount(settings: StsSettings): Promise<string> {
  const sts = new STSClient({
    region: settings.region,
    credentials: settings.credentials,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    retryMode: 'standard',
    maxAttempts: settings.maxAttempts,
    requestHandler: {
      connectionTimeout: Math.min(settings.requestTimeoutMs, 5_000),
      requestTimeout: settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (Account === undefined || !/^\d{12}$/.test(Account)) {
      throw new Error(`STS GetCallerIdentity answered without a 12-digit account (${String(Account)})`);
    }
    return Account;
  } finally {
    sts.destroy();
  }
}

/**
 * The region of the SDK's standard chain: `AWS_REGION`, then the region of
 * the active profile (`AWS_PROFILE`, else `default`, in `~/.aws/config`).
 * Asked of an SDK client's own resolver, so the gateway can never disagree
 * with the SDK about where it is. `undefined` when neither is set.
 */
export async function sdkDefaultRegion(): Promise<string | undefined> {
  const probe = new STSClient({});
  try {
    return await probe.config.region();
  } catch {
    // "Region is missing": the chain found nothing.
    return undefined;
  } finally {
    probe.destroy();
  }
}
