import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { type Target } from './target';

/** How the gateway talks to CodePipeline. */
export interface ClientSettings {
  target: Target;
  /** Total attempts per call under the SDK's `standard` retry mode (1 disables retries). */
  maxAttempts: number;
  /** Static credentials, used for emulators; real AWS uses the default credential chain. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Builds the one SDK client of a target. The `standard` retry mode retries
 * throttles and 5xx with backoff and a retry quota, so a struggling upstream
 * is not hammered by retries.
 */
export function createCodePipelineClient(settings: ClientSettings): CodePipelineClient {
  return new CodePipelineClient({
    region: settings.target.region,
    endpoint: settings.target.endpoint,
    retryMode: 'standard',
    maxAttempts: settings.maxAttempts,
    credentials: settings.staticCredentials,
  });
}
