import { ConfigError, type Env, oneOf } from '../env';
import { TrustedDocuments } from './trusted-documents';

/** Which documents the gateway runs: `TRUSTED_DOCUMENTS_FILE` and `TRUSTED_DOCUMENTS_ONLY`. */
export interface DocumentsConfig {
  /** The manifest's path, when one is set. */
  file?: string;
  /** The manifest, read and checked at start-up. */
  trusted?: TrustedDocuments;
}

/**
 * Reads the trusted documents at start-up, so a missing or malformed
 * manifest stops the gateway with the variable named instead of refusing
 * every request later. `TRUSTED_DOCUMENTS_ONLY=true` without a manifest is
 * refused too: it would refuse everything.
 */
export function parseDocumentsConfig(env: Env): DocumentsConfig {
  const only = oneOf(env, 'TRUSTED_DOCUMENTS_ONLY', ['true', 'false'] as const, 'false') === 'true';
  const file = env.TRUSTED_DOCUMENTS_FILE;
  if (file === undefined || file === '') {
    if (only)
      throw new ConfigError('TRUSTED_DOCUMENTS_ONLY', 'needs TRUSTED_DOCUMENTS_FILE, the manifest to run');
    return {};
  }
  try {
    return { file, trusted: TrustedDocuments.fromFile(file, only) };
  } catch (err) {
    throw new ConfigError('TRUSTED_DOCUMENTS_FILE', `"${file}" ${(err as Error).message}`);
  }
}
