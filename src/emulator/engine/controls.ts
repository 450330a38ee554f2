import type { ApprovalStatus, StageRetryMode } from '@aws-sdk/client-codepipeline';
import { type ActionRun, type ExecutionRecord, type JobRecord, type JobResult } from '../core/state';
import { abandonAction, finishAction, findActionDeclaration } from './actions';
import { closeConditions } from './conditions';
import { type EngineCore, userArn } from './core';
import { createJob, runOfJob } from './jobs';
import { retryStage, stopNow } from './lifecycle';

/**
 * Stops an active execution. Abandon ends it at once, abandoning running
 * actions; otherwise it is Stopping until its running actions finish.
 */
export function stopExecution(
  core: EngineCore,
  exec: ExecutionRecord,
  abandon: boolean,
  reason: string | undefined,
  atMs: number,
): void {
  exec.stopTrigger = { reason };
  for (const run of exec.stages.values()) closeConditions(run, undefined, 'Abandoned', atMs);
  if (abandon) {
    for (const stage of exec.stages.values()) {
      for (const run of stage.actions) {
        if (run.status !== 'InProgress') continue;
        abandonAction(run, atMs);
        const job = run.jobId ? core.state.jobs.get(run.jobId) : undefined;
        if (job && job.status !== 'Succeeded') job.status = 'Failed';
      }
    }
    stopNow(exec, atMs);
    exec.stopTrigger = { reason };
    return;
  }
  exec.stopMode = 'STOP';
  exec.status = 'Stopping';
  exec.lastUpdateTime = new Date(atMs);
  for (const run of exec.stages.values()) {
    if (run.status === 'InProgress') run.status = 'Stopping';
  }
}

/** Resolves a waiting manual approval. */
export function resolveApproval(
  core: EngineCore,
  exec: ExecutionRecord,
  run: ActionRun,
  status: ApprovalStatus,
  summary: string,
  atMs: number,
): void {
  const approved = status === 'Approved';
  finishAction(
    core,
    exec,
    run,
    {
      status: approved ? 'Succeeded' : 'Failed',
      summary,
      updatedBy: userArn(core),
      errorDetails: approved ? undefined : { code: 'ApprovalRejected', message: summary || 'Rejected' },
    },
    atMs,
  );
}

/** Retries a failed or stopped stage on a worker's behalf (RetryStageExecution). */
export function retryManually(
  core: EngineCore,
  exec: ExecutionRecord,
  stageName: string,
  mode: StageRetryMode,
  atMs: number,
): void {
  const run = exec.stages.get(stageName);
  if (run) retryStage(core, exec, run, mode, 'ManualStageRetry', atMs);
}

/**
 * Applies a job worker's result: success or failure finishes the action; a
 * continuation token issues a follow-up job carrying it.
 */
export function applyJobResult(core: EngineCore, job: JobRecord, result: JobResult, atMs: number): void {
  job.status = result.status;
  const run = runOfJob(core, job);
  const exec = core.state.executions.get(job.pipelineExecutionId);
  if (!run || !exec || run.status !== 'InProgress' || run.jobId !== job.id) return;
  if (result.externalExecutionId) run.externalExecutionId = result.externalExecutionId;
  if (result.status === 'Succeeded' && result.continuationToken !== undefined) {
    if (result.percentComplete !== undefined) run.percentComplete = result.percentComplete;
    if (result.summary !== undefined) run.summary = result.summary;
    run.lastUpdateTime = new Date(atMs);
    const stage = exec.stages.get(job.stageName);
    const action = findActionDeclaration(core, exec, run);
    if (stage && action)
      run.jobId = createJob(core, exec, stage, action, run, atMs, result.continuationToken).id;
    return;
  }
  if (result.status === 'Succeeded') {
    finishAction(
      core,
      exec,
      run,
      {
        status: 'Succeeded',
        summary: result.summary,
        externalExecutionId: result.externalExecutionId,
        outputVariables: result.outputVariables,
      },
      atMs,
    );
    return;
  }
  finishAction(
    core,
    exec,
    run,
    {
      status: 'Failed',
      summary: result.message,
      externalExecutionId: result.externalExecutionId,
      errorDetails: { code: result.type, message: result.message },
    },
    atMs,
  );
}
