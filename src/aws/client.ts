import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { type CredentialProvider } from './credentials';
import { type Target } from './target';

/** How the gateway talks to CodePipeline. */
export interface ClientSettings {
  target: Target;
  /** Total attempts per call under the SDK's `standard` retry mode (1 disables retries). */
  maxAttempts: number;
  /** Bound on each attempt, so a hanging upstream never hangs a request. */
  requestTimeoutMs: number;
  /** Sockets per upstream host. */
  maxSockets: number;
  /** The target's credentials (credentials.ts): the base chain, a role assumed from it, or static emulator keys. */
  credentials: CredentialProvider;
}

/**
 * Builds the one SDK client of a target. The `standard` retry mode retries
 * throttles and 5xx with backoff and a retry quota, so a struggling upstream
 * is not hammered by retries. Keep-alive sockets, more of them than the SDK's
 * default 50, let a cold dashboard's independent calls go out in one wave
 * instead of several.
 */
export function createCodePipelineClient(settings: ClientSettings): CodePipelineClient {
  const agentOptions = { keepAlive: true, maxSockets: settings.maxSockets };
  return new CodePipelineClient({
    region: settings.target.region,
    // Absent, the SDK picks the endpoint itself, honouring AWS_ENDPOINT_URL_CODEPIPELINE and AWS_ENDPOINT_URL.
    ...(settings.target.endpoint !== undefined ? { endpoint: settings.target.endpoint } : {}),
    retryMode: 'standard',
    maxAttempts: settings.maxAttempts,
    credentials: settings.credentials,
    requestHandler: {
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: Math.min(settings.requestTimeoutMs, 5_000),
      requestTimeout: settings.requestTimeoutMs,
      // Without this the handler only logs a warning when `requestTimeout` passes, and a hung call hangs on.
      throwOnRequestTimeout: true,
    },
  });
}
