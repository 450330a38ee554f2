/**
 * Raised when a call's wait bound passed before the budget let it out. It
 * counts as a throttle: the caller serves a stale value if it has one, or
 * reports THROTTLED, exactly as if CodePipeline itself had refused the call,
 * but no call was made.
 */
export class BudgetExhausted extends Error {
  /** Read by the one mapping of upstream failures: a budget refusal is a throttle. */
  override readonly name = 'UpstreamBudgetExhausted';

  constructor(
    readonly target: string,
    readonly waitedMs: number,
  ) {
    super(`The call budget of ${target} is spent; try again shortly.`);
  }
}

/** Raised when a caller stopped waiting (the poller stopping): no call goes out after a stop. */
export class BudgetAborted extends Error {
  override readonly name = 'BudgetAborted';

  constructor() {
    super('budget wait aborted');
  }
}
