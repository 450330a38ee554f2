import type { ApprovalStatus, StageRetryMode } from '@aws-sdk/client-codepipeline';
import { type SimClock } from '../core/clock';
import { type EmulatorTarget, type EngineApi, type StartOptions } from '../core/context';
import {
  type ActionRun,
  type EmulatorState,
  type ExecutionRecord,
  type JobRecord,
  type JobResult,
  type PipelineRecord,
  type RuleRun,
} from '../core/state';
import {
  type EngineCore,
  type EngineOptions,
  type PlannedRevision,
  type RulePlan,
  startOrder,
  userArn,
} from './core';
import { applyJobResult, resolveApproval, retryManually, stopExecution } from './controls';
import { closeConditions } from './conditions';
import { currentDeclaration } from './declarations';
import { nextDue } from './due';
import { startRollback } from './rollback';
import { isHeld, isInside, settle, stageNameAt } from './scheduler';
import { createExecution, resolveVariables } from './start';

export { type EngineOptions } from './core';

/** Bound on due events played per tick, so a bug cannot hang the server. */
const MAX_EVENTS_PER_TICK = 1_000_000;

/**
 * Moves executions through stages and actions on the simulated clock. It keeps
 * no timers: `tick` replays every deadline that passed, in time order, so a
 * large clock jump plays whole runs with exact timestamps.
 */
export class SimulationEngine implements EngineApi {
  private readonly core: EngineCore;

  constructor(
    world: { state: EmulatorState },
    clock: SimClock,
    target: EmulatorTarget,
    options: EngineOptions,
  ) {
    const plannedRevisions = new WeakMap<ExecutionRecord, Map<string, PlannedRevision>>();
    const rulePlans = new WeakMap<RuleRun, RulePlan>();
    const sequence = new WeakMap<ExecutionRecord, number>();
    this.core = {
      get state() {
        return world.state;
      },
      clock,
      target,
      options,
      plannedRevisions,
      rulePlans,
      sequence,
    };
  }

  tick(): void {
    const now = this.core.clock.nowMs();
    const afterStep = this.core.options.afterStep;
    settle(this.core, now);
    afterStep?.(now);
    for (let i = 0; i < MAX_EVENTS_PER_TICK; i++) {
      const event = nextDue(this.core, now);
      if (!event) return;
      event.fire();
      settle(this.core, event.atMs);
      afterStep?.(event.atMs);
    }
  }

  startExecution(pipeline: PipelineRecord, options: StartOptions): ExecutionRecord {
    const planned = new Map<string, PlannedRevision>();
    for (const o of options.sourceRevisions ?? []) {
      if (o.actionName && o.revisionValue) planned.set(o.actionName, { revisionId: o.revisionValue });
    }
    return this.start(pipeline, options, planned);
  }

  /** Starts an execution whose source action fetches a given revision (PutActionRevision). */
  startWithRevision(
    pipeline: PipelineRecord,
    actionName: string,
    revision: PlannedRevision,
  ): ExecutionRecord {
    const planned = new Map([[actionName, revision]]);
    return this.start(
      pipeline,
      { trigger: { triggerType: 'PutActionRevision', triggerDetail: userArn(this.core) } },
      planned,
    );
  }

  private start(
    pipeline: PipelineRecord,
    options: StartOptions,
    planned: Map<string, PlannedRevision>,
  ): ExecutionRecord {
    const now = this.core.clock.nowMs();
    const strict = options.trigger.triggerType === 'StartPipelineExecution';
    const exec = createExecution(
      this.core,
      pipeline,
      {
        trigger: options.trigger,
        variables: resolveVariables(currentDeclaration(pipeline), options.variables, strict),
        plannedRevisions: planned,
        clientRequestToken: options.clientRequestToken,
      },
      now,
    );
    settle(this.core, now);
    return exec;
  }

  completeJob(job: JobRecord, result: JobResult): void {
    const now = this.core.clock.nowMs();
    applyJobResult(this.core, job, result, now);
    settle(this.core, now);
  }

  pipelineCreated(pipeline: PipelineRecord): void {
    this.start(
      pipeline,
      { trigger: { triggerType: 'CreatePipeline', triggerDetail: userArn(this.core) } },
      new Map(),
    );
  }

  pipelineUpdated(_pipeline: PipelineRecord): void {
    // New executions pick up the new version; running ones finish on theirs.
  }

  forgetPipeline(name: string): void {
    const state = this.core.state;
    for (const [id, exec] of state.executions) if (exec.pipelineName === name) state.executions.delete(id);
    state.actionExecutions = state.actionExecutions.filter((r) => r.pipelineName !== name);
    state.ruleExecutions = state.ruleExecutions.filter((r) => r.pipelineName !== name);
    for (const [id, job] of state.jobs) if (job.pipelineName === name) state.jobs.delete(id);
    const prefix = `${name}\u0000`;
    for (const key of [...state.startTokens.keys()])
      if (key.startsWith(prefix)) state.startTokens.delete(key);
  }

  /** StopPipelineExecution: the handler has checked the execution is stoppable. */
  stop(exec: ExecutionRecord, abandon: boolean, reason: string | undefined): void {
    const now = this.core.clock.nowMs();
    stopExecution(this.core, exec, abandon, reason, now);
    settle(this.core, now);
  }

  /** PutApprovalResult: the handler has matched the token to a waiting approval. */
  approve(exec: ExecutionRecord, run: ActionRun, status: ApprovalStatus, summary: string): Date {
    const now = this.core.clock.nowMs();
    resolveApproval(this.core, exec, run, status, summary, now);
    settle(this.core, now);
    return new Date(now);
  }

  /** RetryStageExecution: the handler has checked the stage is retryable. */
  retry(exec: ExecutionRecord, stageName: string, mode: StageRetryMode): void {
    const now = this.core.clock.nowMs();
    retryManually(this.core, exec, stageName, mode, now);
    settle(this.core, now);
  }

  /** RollbackStage: the handler has checked the target succeeded in the stage. */
  rollback(pipeline: PipelineRecord, stageName: string, target: ExecutionRecord): ExecutionRecord {
    const now = this.core.clock.nowMs();
    const exec = startRollback(this.core, pipeline, stageName, target, 'ManualRollback', now);
    settle(this.core, now);
    return exec;
  }

  /** OverrideStageCondition: returns false when no condition of that kind was in progress. */
  overrideCondition(exec: ExecutionRecord, stageName: string, kind: 'BEFORE_ENTRY' | 'ON_SUCCESS'): boolean {
    const run = exec.stages.get(stageName);
    const now = this.core.clock.nowMs();
    if (!run || closeConditions(run, kind, 'Overridden', now) === 0) return false;
    settle(this.core, now);
    return true;
  }

  /** Re-evaluates held executions now, e.g. after a transition was enabled. */
  settleNow(): void {
    settle(this.core, this.core.clock.nowMs());
  }

  /** Executions held before a stage (disabled transition or busy stage), oldest first. */
  heldAt(pipelineName: string, stageName: string): ExecutionRecord[] {
    return this.executionsOf(pipelineName).filter(
      (e) => isHeld(e) && stageNameAt(this.core, e) === stageName,
    );
  }

  /** Executions currently inside a stage (running it or evaluating its entry conditions). */
  insideStage(pipelineName: string, stageName: string): ExecutionRecord[] {
    return this.executionsOf(pipelineName).filter(
      (e) => isInside(e) && stageNameAt(this.core, e) === stageName,
    );
  }

  /** Executions of a pipeline in start order (oldest first). */
  executionsOf(pipelineName: string): ExecutionRecord[] {
    return [...this.core.state.executions.values()]
      .filter((e) => e.pipelineName === pipelineName)
      .sort((a, b) => startOrder(this.core, a, b));
  }
}
