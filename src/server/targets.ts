import { type Logger } from 'pino';
import {
  assumedRoleCredentials,
  baseCredentials,
  type CredentialProvider,
  type StaticKeys,
} from '../aws/credentials';
import { callerAccount, sdkDefaultRegion } from '../aws/identity';
import { UpstreamFailure } from '../aws/errors';
import { type Target } from '../aws/target';
import { targetCredentials } from '../aws/target-credentials';
import {
  classifyTargetError,
  describeTarget,
  type TargetFailure,
  TargetHealthBoard,
} from '../aws/target-health';
import { type GatewayConfig } from './config';
import { ConfigError } from './env';

/**
 * The targets the gateway serves, resolved once at start-up: from
 * `TARGETS_FILE`, or one target whose region comes from the SDK's chain and
 * whose account comes from STS. Each carries its credentials: the base
 * chain, or a role assumed from it.
 */

/** One account and region, ready to be reached. */
export interface GatewayTarget {
  target: Target;
  alias?: string;
  roleArn?: string;
  credentials: CredentialProvider;
}

/** Every target, the board of their health, and the failures found while resolving them. */
export interface ResolvedTargets {
  targets: GatewayTarget[];
  board: TargetHealthBoard;
}

/** What start-up knows before resolving: where AWS (or its stand-in) answers and with which base keys. */
export interface ResolveOptions {
  /** A forced endpoint for CodePipeline and STS (`CODEPIPELINE_ENDPOINT` or the embedded emulator). */
  endpoint?: string;
  /** Static base keys (emulators); absent, the SDK's default chain. */
  staticKeys?: StaticKeys;
  /** The account the embedded emulator serves, known without asking. */
  knownAccount?: string;
  logger: Logger;
}

/** The account of a target whose identity could not be found: it never serves, so no key carries it. */
export const UNKNOWN_ACCOUNT = 'unknown';

/** The emulators' account for static keys (the emulator's `EMULATOR_ACCOUNT` default). */
const EMULATOR_ACCOUNT = '123456789012';
const FALLBACK_REGION = 'us-east-1';

/** Resolves the targets of `config`; fails start-up only on configuration faults. */
export async function resolveTargets(
  config: GatewayConfig,
  options: ResolveOptions,
): Promise<ResolvedTargets> {
  const board = new TargetHealthBoard();
  const base = baseCredentials(options.staticKeys);
  const sts = { requestTimeoutMs: config.upstreamTimeoutMs, maxAttempts: config.awsMaxAttempts };
  if (config.targets) {
    // One provider per role: every region of an account shares one assumed session.
    const byRole = new Map<string, CredentialProvider>();
    const targets = config.targets.targets.map((configured): GatewayTarget => {
      let credentials = base;
      if (configured.roleArn !== undefined) {
        const key = `${configured.roleArn}|${configured.externalId ?? ''}`;
        credentials =
          byRole.get(key) ??
          assumedRoleCredentials(base, {
            roleArn: configured.roleArn,
            externalId: configured.externalId,
            region: configured.region,
            endpoint: options.endpoint,
            ...sts,
          });
        byRole.set(key, credentials);
      }
      return gated(board, {
        target: { accountId: configured.account, region: configured.region, endpoint: options.endpoint },
        alias: configured.alias,
        roleArn: configured.roleArn,
        credentials,
      });
    });
    return { targets, board };
  }

  const region = config.region ?? (await sdkDefaultRegion()) ?? fallbackRegion(config);
  const identity = await defaultAccount(config, options, base, region, sts);
  const target = gated(board, {
    target: { accountId: identity.account, region, endpoint: options.endpoint },
    credentials: base,
  });
  if (identity.failure) {
    board.reportFailure(targetKeyOf(target), identity.failure);
    options.logger.error(
      {
        target: targetName(target),
        region,
        code: identity.failure.code,
        awsErrorName: identity.failure.awsErrorName,
      },
      identity.failure.message,
    );
  }
  return { targets: [target], board };
}

/** The target with its credentials kept in step with the board (target-credentials.ts). */
function gated(board: TargetHealthBoard, target: GatewayTarget): GatewayTarget {
  return {
    ...target,
    credentials: targetCredentials(target.credentials, {
      key: targetKeyOf(target),
      target: {
        account: target.target.accountId,
        region: target.target.region,
        alias: target.alias,
        roleArn: target.roleArn,
      },
      board,
    }),
  };
}

/** `account:region`, the key of the health board (and of every cache key and ID). */
export function targetKeyOf(target: GatewayTarget): string {
  return `${target.target.accountId}:${target.target.region}`;
}

/** How logs, `/readyz` and errors name a target. */
export function targetName(target: GatewayTarget): string {
  return describeTarget({
    account: target.target.accountId,
    region: target.target.region,
    alias: target.alias,
  });
}

/** Real AWS needs a region; a stand-in for it does not care which. */
function fallbackRegion(config: GatewayConfig): string {
  if (config.upstream.kind !== 'aws') return FALLBACK_REGION;
  throw new ConfigError(
    'AWS_REGION',
    'is not set and the active profile (AWS_PROFILE, else default, in ~/.aws/config) has no region: set one of them, or TARGETS_FILE',
  );
}

/**
 * The single target's account: `AWS_ACCOUNT_ID` when set, the embedded
 * emulator's when it is the upstream, otherwise STS `GetCallerIdentity` on the
 * base credentials. A failure does not stop start-up: the target is kept out,
 * with its cause, for `/readyz` and the logs.
 */
async function defaultAccount(
  config: GatewayConfig,
  options: ResolveOptions,
  base: CredentialProvider,
  region: string,
  sts: { requestTimeoutMs: number; maxAttempts: number },
): Promise<{ account: string; failure?: TargetFailure }> {
  if (config.accountId !== undefined) return { account: config.accountId };
  if (options.knownAccount !== undefined) return { account: options.knownAccount };
  try {
    return {
      account: await callerAccount({ credentials: base, region, endpoint: options.endpoint, ...sts }),
    };
  } catch (err) {
    const failure = classifyTargetError(err, { account: UNKNOWN_ACCOUNT, region });
    if (config.upstream.kind === 'endpoint' && failure?.code !== UpstreamFailure.CREDENTIALS_MISSING) {
      // A CodePipeline stand-in that does not speak STS: its static keys belong to the emulators' account.
      options.logger.warn(
        { endpoint: options.endpoint, account: EMULATOR_ACCOUNT },
        'the endpoint did not answer STS GetCallerIdentity; assuming the emulator account (set AWS_ACCOUNT_ID to choose)',
      );
      return { account: EMULATOR_ACCOUNT };
    }
    return {
      account: UNKNOWN_ACCOUNT,
      failure: failure ?? {
        code: UpstreamFailure.UPSTREAM_UNAVAILABLE,
        message: `Target ${UNKNOWN_ACCOUNT}/${region}: STS GetCallerIdentity failed.`,
      },
    };
  }
}
