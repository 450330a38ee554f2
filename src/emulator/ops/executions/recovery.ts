import type { StageDeclaration, StageRetryMode } from '@aws-sdk/client-codepipeline';
import { type OperationContext } from '../../core/context';
import { awsError } from '../../core/errors';
import { type Input, requireEnum, requireName, requireString } from '../../core/input';
import { type ExecutionRecord, type PipelineRecord } from '../../core/state';
import { isActive } from '../../engine/core';
import { currentDeclaration } from '../../engine/declarations';
import { EXECUTION_ID_PATTERN, findExecution, requireExecution, requirePipeline, simulation } from './common';

const RETRY_MODES: readonly StageRetryMode[] = ['FAILED_ACTIONS', 'ALL_ACTIONS'];

function requireStage(
  pipeline: PipelineRecord,
  stageName: string,
): { stage: StageDeclaration; index: number } {
  const stages = currentDeclaration(pipeline).stages ?? [];
  const index = stages.findIndex((s) => s.name === stageName);
  const stage = stages[index];
  if (!stage) {
    throw awsError('StageNotFoundException', `Stage ${stageName} was not found in pipeline ${pipeline.name}`);
  }
  return { stage, index };
}

/** The execution whose run of the stage started (or was retried) last. */
function latestInStage(
  ctx: OperationContext,
  pipelineName: string,
  stageName: string,
): ExecutionRecord | undefined {
  let best: ExecutionRecord | undefined;
  for (const exec of simulation(ctx).executionsOf(pipelineName)) {
    const run = exec.stages.get(stageName);
    const bestRun = best?.stages.get(stageName);
    if (run && (!bestRun || run.startTime.getTime() >= bestRun.startTime.getTime())) best = exec;
  }
  return best;
}

/** RetryStageExecution: reruns the failed (or stopped) stage of the stage's latest execution. */
export function retryStageExecution(input: Input, ctx: OperationContext): { pipelineExecutionId: string } {
  const pipelineName = requireName(input, 'pipelineName');
  const stageName = requireName(input, 'stageName');
  const id = requireString(input, 'pipelineExecutionId', { pattern: EXECUTION_ID_PATTERN });
  const mode = requireEnum(input, 'retryMode', RETRY_MODES);
  const pipeline = requirePipeline(ctx, pipelineName);
  requireStage(pipeline, stageName);
  const exec = findExecution(ctx, pipelineName, id);
  const run = exec?.stages.get(stageName);
  if (!exec || !run) {
    throw awsError('StageNotRetryableException', `Stage ${stageName} has not run in execution ${id}`);
  }
  if (latestInStage(ctx, pipelineName, stageName) !== exec) {
    throw awsError(
      'NotLatestPipelineExecutionException',
      `Execution ${id} is not the latest execution of stage ${stageName}`,
    );
  }
  if (isActive(exec) || (run.status !== 'Failed' && run.status !== 'Stopped')) {
    throw awsError('StageNotRetryableException', `Stage ${stageName} is ${run.status} and cannot be retried`);
  }
  if (exec.pipelineVersion !== pipeline.versions.length) {
    throw awsError(
      'StageNotRetryableException',
      `The pipeline structure changed since execution ${id} ran stage ${stageName}`,
    );
  }
  simulation(ctx).retry(exec, stageName, mode);
  return { pipelineExecutionId: id };
}

/** RollbackStage: reruns one stage with the revisions of an execution that succeeded in it. */
export function rollbackStage(input: Input, ctx: OperationContext): { pipelineExecutionId: string } {
  const pipelineName = requireName(input, 'pipelineName');
  const stageName = requireName(input, 'stageName');
  const targetId = requireString(input, 'targetPipelineExecutionId', { pattern: EXECUTION_ID_PATTERN });
  const pipeline = requirePipeline(ctx, pipelineName);
  const { index } = requireStage(pipeline, stageName);
  const target = requireExecution(ctx, pipelineName, targetId);
  if (target.pipelineVersion !== pipeline.versions.length) {
    throw awsError(
      'PipelineExecutionOutdatedException',
      `Execution ${targetId} ran an older version of the pipeline and cannot be a rollback target`,
    );
  }
  if (index === 0) {
    throw awsError('UnableToRollbackStageException', `The source stage ${stageName} cannot be rolled back`);
  }
  if (target.stages.get(stageName)?.status !== 'Succeeded') {
    throw awsError(
      'UnableToRollbackStageException',
      `Execution ${targetId} did not succeed in stage ${stageName}`,
    );
  }
  if (simulation(ctx).insideStage(pipelineName, stageName).length > 0) {
    throw awsError('UnableToRollbackStageException', `Stage ${stageName} has an execution in progress`);
  }
  const exec = simulation(ctx).rollback(pipeline, stageName, target);
  return { pipelineExecutionId: exec.pipelineExecutionId };
}

/** OverrideStageCondition: lets an execution past an entry or success condition still being evaluated. */
export function overrideStageCondition(input: Input, ctx: OperationContext): Record<string, never> {
  const pipelineName = requireName(input, 'pipelineName');
  const stageName = requireName(input, 'stageName');
  const id = requireString(input, 'pipelineExecutionId', { pattern: EXECUTION_ID_PATTERN });
  const kind = requireEnum(input, 'conditionType', ['BEFORE_ENTRY', 'ON_SUCCESS'] as const);
  const pipeline = requirePipeline(ctx, pipelineName);
  requireStage(pipeline, stageName);
  const exec = findExecution(ctx, pipelineName, id);
  if (!exec) {
    throw awsError(
      'NotLatestPipelineExecutionException',
      `Execution ${id} is not an execution of ${pipelineName}`,
    );
  }
  if (!isActive(exec) || !simulation(ctx).overrideCondition(exec, stageName, kind)) {
    throw awsError(
      'ConditionNotOverridableException',
      `No ${kind} condition of stage ${stageName} is in progress for execution ${id}`,
    );
  }
  return {};
}
