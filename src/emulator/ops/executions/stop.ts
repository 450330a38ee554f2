import { type OperationContext } from '../../core/context';
import { awsError } from '../../core/errors';
import { type Input, optionalString, requireName, requireString } from '../../core/input';
import { EXECUTION_ID_PATTERN, findExecution, requirePipeline, simulation } from './common';

/**
 * StopPipelineExecution. Stop-and-wait twice is a DuplicatedStopRequest; an
 * abandon may follow a stop-and-wait, as the console allows.
 */
export function stopPipelineExecution(input: Input, ctx: OperationContext): { pipelineExecutionId: string } {
  const pipelineName = requireName(input, 'pipelineName');
  const id = requireString(input, 'pipelineExecutionId', { pattern: EXECUTION_ID_PATTERN });
  const abandonRaw = input.abandon;
  if (abandonRaw !== undefined && abandonRaw !== null && typeof abandonRaw !== 'boolean') {
    throw awsError('ValidationException', 'abandon must be a boolean');
  }
  const abandon = abandonRaw === true;
  const reason = optionalString(input, 'reason', { min: 0, max: 200 });
  requirePipeline(ctx, pipelineName);
  const exec = findExecution(ctx, pipelineName, id);
  if (!exec) {
    throw awsError('PipelineExecutionNotStoppableException', `Pipeline execution ${id} was not found`);
  }
  if (exec.status === 'Stopping' && !abandon) {
    throw awsError(
      'DuplicatedStopRequestException',
      `Pipeline execution ${id} is already stopping; only an abandon request may follow`,
    );
  }
  if (exec.status !== 'InProgress' && exec.status !== 'Stopping') {
    throw awsError(
      'PipelineExecutionNotStoppableException',
      `Pipeline execution ${id} is ${exec.status} and cannot be stopped`,
    );
  }
  simulation(ctx).stop(exec, abandon, reason);
  return { pipelineExecutionId: id };
}
