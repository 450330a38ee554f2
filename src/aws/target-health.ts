import { DEFAULT_CHAIN_DESCRIPTION } from './credentials';
import { classifyUpstreamError, UpstreamFailure } from './errors';

/**
 * Whether each target can be reached, and if not, why, in words an operator
 * can act on. A target whose credentials are missing or refused is named with
 * its cause (`CREDENTIALS_MISSING`, `ACCESS_DENIED`, `UPSTREAM_UNAVAILABLE`)
 * in the logs, in `/readyz` and in the graph's `targets`, and a query that
 * touches it gets that code, while the other targets keep serving.
 */

/** What names a target to people: its account, region and alias. */
export interface TargetName {
  account: string;
  region: string;
  alias?: string;
}

/** The causes that take a whole target out. */
export type TargetFailureCode =
  UpstreamFailure.CREDENTIALS_MISSING | UpstreamFailure.ACCESS_DENIED | UpstreamFailure.UPSTREAM_UNAVAILABLE;

/** `OK`, one of the failure causes, or `UNCHECKED` before the first check. */
export type TargetStatus = 'OK' | 'UNCHECKED' | TargetFailureCode;

/** Why a target is out: a stable code, and a message that names it and never quotes upstream text. */
export interface TargetFailure {
  code: TargetFailureCode;
  message: string;
  /** The AWS error name behind it, when there was one. */
  awsErrorName?: string;
}

/** `prod (111111111111/us-east-1)`, or `111111111111/us-east-1` without an alias. */
export function describeTarget(target: TargetName): string {
  const where = `${target.account}/${target.region}`;
  return target.alias !== undefined ? `${target.alias} (${where})` : where;
}

interface ErrorLike {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/**
 * Reads an error met while reaching a target. Errors that take the whole
 * target out (no credentials, credentials refused, nothing answering) give a
 * {@link TargetFailure}; errors about one resource or one request
 * (`NOT_FOUND`, `BAD_USER_INPUT`, `THROTTLED`, ...) give `undefined`, since
 * the target itself answered.
 */
export function classifyTargetError(
  err: unknown,
  target: TargetName & { roleArn?: string },
): TargetFailure | undefined {
  const e = (err ?? {}) as ErrorLike;
  const code = classifyUpstreamError(e);
  const name = describeTarget(target);
  const awsErrorName = typeof e.name === 'string' && e.name !== 'Error' ? e.name : undefined;
  switch (code) {
    case UpstreamFailure.CREDENTIALS_MISSING:
      return {
        code,
        message: `Target ${name} has no credentials: the default chain tried ${DEFAULT_CHAIN_DESCRIPTION}.`,
        awsErrorName,
      };
    case UpstreamFailure.ACCESS_DENIED:
      return {
        code,
        message:
          e.name === 'AccessDenied' && target.roleArn !== undefined
            ? `Target ${name}: role ${target.roleArn} cannot be assumed (STS answered AccessDenied).`
            : `Target ${name}: its credentials were refused (${e.name ?? 'access denied'}).`,
        awsErrorName,
      };
    case UpstreamFailure.UPSTREAM_UNAVAILABLE:
    case UpstreamFailure.UNEXPECTED:
      // Unrecognised while reaching a target (DNS, TLS, a malformed answer): it cannot be used either way.
      return {
        code: UpstreamFailure.UPSTREAM_UNAVAILABLE,
        message: `Target ${name} did not answer (${awsErrorName ?? e.code ?? 'unknown error'}).`,
        awsErrorName,
      };
    case UpstreamFailure.BAD_USER_INPUT:
    case UpstreamFailure.NOT_FOUND:
    case UpstreamFailure.CONFLICT:
    case UpstreamFailure.PRECONDITION_FAILED:
    case UpstreamFailure.LIMIT_EXCEEDED:
    case UpstreamFailure.THROTTLED:
      return undefined;
    default: {
      const unreachable: never = code;
      throw new Error(`unhandled error code ${String(unreachable)}`);
    }
  }
}

/** One target's health, as the board holds it. */
export interface TargetHealthState {
  status: TargetStatus;
  /** The last failure, kept after a recovery so `targets { lastError }` can tell what happened. */
  lastError?: TargetFailure;
  /** When the status last changed or was confirmed (ISO time). */
  checkedAt?: string;
}

/**
 * The health of every target, shared by whoever reaches them: the start-up
 * and readiness checks write it, queries write failures they meet and
 * successes, and a call to a target that is out fails at once with its cause
 * instead of asking STS again on every resolver.
 */
export class TargetHealthBoard {
  private readonly states = new Map<string, TargetHealthState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The state of a target by its key (`account:region`); `UNCHECKED` when never reported. */
  get(key: string): TargetHealthState {
    return this.states.get(key) ?? { status: 'UNCHECKED' };
  }

  /** The failure that keeps a target out, if it is out. */
  failureOf(key: string): TargetFailure | undefined {
    const state = this.states.get(key);
    return state && state.status !== 'OK' && state.status !== 'UNCHECKED' ? state.lastError : undefined;
  }

  /** Records a successful call or check. Returns whether the target just came back. */
  reportOk(key: string): boolean {
    const before = this.states.get(key);
    this.states.set(key, { status: 'OK', lastError: before?.lastError, checkedAt: this.stamp() });
    return before !== undefined && before.status !== 'OK' && before.status !== 'UNCHECKED';
  }

  /** Records a failure that takes the target out. Returns whether its status changed. */
  reportFailure(key: string, failure: TargetFailure): boolean {
    const before = this.states.get(key);
    this.states.set(key, { status: failure.code, lastError: failure, checkedAt: this.stamp() });
    return before?.status !== failure.code;
  }

  private stamp(): string {
    return new Date(this.now()).toISOString();
  }
}
