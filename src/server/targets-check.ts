import { type Logger } from 'pino';
import {
  classifyTargetError,
  type TargetFailure,
  type TargetHealthBoard,
  type TargetStatus,
} from '../aws/target-health';
import { type GatewayTarget, targetKeyOf, targetName, UNKNOWN_ACCOUNT } from './targets';

/**
 * Checks each target with one cheap call, at start-up and for readiness,
 * and tells the logs when a target goes out or comes back. A probe answer is
 * reused for a few seconds and shared by concurrent probes, so kubelets
 * polling `/readyz` never become AWS traffic.
 */

/** One target in `/readyz` and in the start-up log. */
export interface TargetReport {
  /** `prod (111111111111/us-east-1)`. */
  target: string;
  account: string;
  region: string;
  alias?: string;
  status: TargetStatus;
  /** The cause's message, when the target is out. */
  error?: string;
  checkedAt?: string;
}

/** The one cheap call that proves a target usable (credentials, role and CodePipeline). */
export type TargetProbe = (target: GatewayTarget, signal: AbortSignal) => Promise<void>;

/** Options of {@link TargetChecker}. */
export interface TargetCheckerOptions {
  targets: readonly GatewayTarget[];
  board: TargetHealthBoard;
  probe: TargetProbe;
  logger: Logger;
  /** How long a round of probes is reused. Default 5 s. */
  reuseMs?: number;
  /** Bound on each probe. Default 5 s: an assumed role costs an STS call before the probe itself. */
  timeoutMs?: number;
  now?: () => number;
}

/** Probes every target, keeps the board current and logs each change of status. */
export class TargetChecker {
  private last?: { atMs: number; reports: TargetReport[] };
  private inFlight?: Promise<TargetReport[]>;
  private readonly now: () => number;

  constructor(private readonly options: TargetCheckerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The reports of a recent round, or of a new one. */
  check(): Promise<TargetReport[]> {
    const last = this.last;
    if (last && this.now() - last.atMs < (this.options.reuseMs ?? 5_000))
      return Promise.resolve(last.reports);
    this.inFlight ??= this.round().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The reports as the board holds them, without probing. */
  reports(): TargetReport[] {
    return this.options.targets.map((target) => this.report(target));
  }

  private async round(): Promise<TargetReport[]> {
    await Promise.all(this.options.targets.map((target) => this.checkOne(target)));
    const reports = this.reports();
    this.last = { atMs: this.now(), reports };
    return reports;
  }

  private async checkOne(target: GatewayTarget): Promise<void> {
    const key = targetKeyOf(target);
    // A target whose account was never found stays out with its start-up cause: nothing it served would be keyed right.
    if (target.target.accountId === UNKNOWN_ACCOUNT) return;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs ?? 5_000);
    try {
      await this.options.probe(target, abort.signal);
      if (this.options.board.reportOk(key)) {
        this.options.logger.info({ target: targetName(target) }, 'target is back');
      }
    } catch (err) {
      const failure: TargetFailure | undefined = abort.signal.aborted
        ? classifyTargetError({ name: 'TimeoutError' }, this.nameOf(target))
        : classifyTargetError(err, this.nameOf(target));
      // A throttle or a not-found still proves the target answers with valid credentials.
      if (failure === undefined) this.options.board.reportOk(key);
      else if (this.options.board.reportFailure(key, failure)) this.logFailure(target, failure);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Logs a target's failure once per change, naming it and its cause. */
  logFailure(target: GatewayTarget, failure: TargetFailure): void {
    this.options.logger.error(
      {
        target: targetName(target),
        account: target.target.accountId,
        region: target.target.region,
        alias: target.alias,
        code: failure.code,
        awsErrorName: failure.awsErrorName,
      },
      failure.message,
    );
  }

  private nameOf(target: GatewayTarget): {
    account: string;
    region: string;
    alias?: string;
    roleArn?: string;
  } {
    return {
      account: target.target.accountId,
      region: target.target.region,
      alias: target.alias,
      roleArn: target.roleArn,
    };
  }

  private report(target: GatewayTarget): TargetReport {
    const state = this.options.board.get(targetKeyOf(target));
    const out = state.status !== 'OK' && state.status !== 'UNCHECKED';
    return {
      target: targetName(target),
      account: target.target.accountId,
      region: target.target.region,
      ...(target.alias !== undefined ? { alias: target.alias } : {}),
      status: state.status,
      ...(out && state.lastError ? { error: state.lastError.message } : {}),
      ...(state.checkedAt !== undefined ? { checkedAt: state.checkedAt } : {}),
    };
  }
}
