import { type ConfiguredTarget, expandTargets, readTargetsFile, TargetsFileError } from '../aws/targets-file';
import { ConfigError, type Env } from './env';

/**
 * The settings that say which accounts and regions the graph spans:
 * `TARGETS_FILE`, or one target from `AWS_REGION`/`AWS_ACCOUNT_ID` (both
 * optional: start-up finds them through the SDK's chain and STS), and the
 * rule that production never serves invented data by default.
 */

/** The targets of a `TARGETS_FILE`, expanded to one per account and region. */
export interface TargetsSetting {
  file: string;
  targets: ConfiguredTarget[];
}

/** Reads `TARGETS_FILE`, when set; a bad file fails start-up naming the file, the entry and the field. */
export function parseTargetsSetting(env: Env): TargetsSetting | undefined {
  const file = env.TARGETS_FILE;
  if (file === undefined || file === '') return undefined;
  try {
    return { file, targets: expandTargets(readTargetsFile(file)) };
  } catch (err) {
    if (err instanceof TargetsFileError) throw new ConfigError('TARGETS_FILE', err.message);
    throw err;
  }
}

/** The single target's region and account, when given; otherwise found at start-up. */
export function parseDefaultTarget(env: Env): { region?: string; accountId?: string } {
  const region = env.AWS_REGION === '' ? undefined : env.AWS_REGION;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new ConfigError('AWS_REGION', `is not a region name: "${region}"`);
  }
  const accountId = env.AWS_ACCOUNT_ID === '' ? undefined : env.AWS_ACCOUNT_ID;
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new ConfigError('AWS_ACCOUNT_ID', `must be 12 digits, got "${accountId}"`);
  }
  return { region, accountId };
}

/**
 * Production never serves the demo emulator's invented pipelines by
 * default: `NODE_ENV=production` needs `CODEPIPELINE_MODE` spelled out.
 */
export function requireExplicitMode(env: Env): void {
  if (env.NODE_ENV !== 'production') return;
  if (env.CODEPIPELINE_MODE !== undefined && env.CODEPIPELINE_MODE !== '') return;
  throw new ConfigError(
    'CODEPIPELINE_MODE',
    'must be set in production (NODE_ENV=production): `aws` for real AWS, `endpoint` with ' +
      "CODEPIPELINE_ENDPOINT, or `emulator` to serve the built-in emulator's invented pipelines on purpose",
  );
}
