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
  /** The status last logged per target, so each change is logged once. */
  private readonly logged = new Map<string, TargetStatus>();
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: TargetCheckerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The reports of a recent round, or of a new one. */
  check(): Promise<TargetReport[]> {
    const last = this.last;
    if (last && this.now() - last.atMs < (this.options.reuseMs ?? 5_000))
      return Promise.resolve(last.reports);
    this.inFlight ??= this.round(true).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * A round of its own whose answer later readiness probes do not reuse:
   * start-up's round must not hide an upstream that starts hanging just after.
   */
  checkAtStart(): Promise<TargetReport[]> {
    return this.round(false);
  }

  /**
   * Checks again every `intervalMs` in the background, so a target that went
   * out is seen coming back (and one that goes out is logged) without a probe.
   */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  /** Stops the background checks. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The reports as the board holds them, without probing. */
  reports(): TargetReport[] {
    return this.options.targets.map((target) => this.report(target));
  }

  private async round(reusable: boolean): Promise<TargetReport[]> {
    await Promise.all(this.options.targets.map((target) => this.checkOne(target)));
    const reports = this.reports();
    if (reusable) this.last = { atMs: this.now(), reports };
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
      this.options.board.reportOk(key);
    } catch (err) {
      const failure: TargetFailure | undefined = abort.signal.aborted
        ? classifyTargetError({ name: 'TimeoutError' }, this.nameOf(target))
        : classifyTargetError(err, this.nameOf(target));
      // A throttle or a not-found still proves the target answers with valid credentials.
      if (failure === undefined) this.options.board.reportOk(key);
      else this.options.board.reportFailure(key, failure);
    } finally {
      clearTimeout(timer);
    }
    this.logChange(target);
  }

  /** Logs a target going out (once per cause) and coming back; queries may have told the board first. */
  private logChange(target: GatewayTarget): void {
    const key = targetKeyOf(target);
    const state = this.options.board.get(key);
    const before = this.logged.get(key) ?? 'OK';
    if (state.status === before || state.status === 'UNCHECKED') return;
    this.logged.set(key, state.status);
    if (state.status === 'OK') this.options.logger.info({ target: targetName(target) }, 'target is back');
    else if (state.lastError) this.logFailure(target, state.lastError);
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
