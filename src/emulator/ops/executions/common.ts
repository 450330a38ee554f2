import { type EngineApi, type OperationContext } from '../../core/context';
import { awsError } from '../../core/errors';
import { type ExecutionRecord, type PipelineRecord } from '../../core/state';

/** The simulation engine behind the context. */
export function simulation(ctx: OperationContext): EngineApi {
  return ctx.engine;
}

/** The named pipeline, or PipelineNotFoundException. */
export function requirePipeline(ctx: OperationContext, name: string): PipelineRecord {
  const pipeline = ctx.state.pipelines.get(name);
  if (!pipeline) {
    throw awsError(
      'PipelineNotFoundException',
      `Account '${ctx.target.accountId}' does not have a pipeline with name '${name}'`,
    );
  }
  return pipeline;
}

/** An execution of the given pipeline, or undefined (an id of another pipeline counts as unknown). */
export function findExecution(
  ctx: OperationContext,
  pipelineName: string,
  pipelineExecutionId: string,
): ExecutionRecord | undefined {
  const exec = ctx.state.executions.get(pipelineExecutionId);
  return exec?.pipelineName === pipelineName ? exec : undefined;
}

/** An execution of the given pipeline, or PipelineExecutionNotFoundException. */
export function requireExecution(
  ctx: OperationContext,
  pipelineName: string,
  pipelineExecutionId: string,
): ExecutionRecord {
  const exec = findExecution(ctx, pipelineName, pipelineExecutionId);
  if (!exec) {
    throw awsError(
      'PipelineExecutionNotFoundException',
      `Pipeline execution ID ${pipelineExecutionId} does not exist for pipeline ${pipelineName}`,
    );
  }
  return exec;
}

/** Executions of a pipeline, newest first. */
export function executionsNewestFirst(ctx: OperationContext, pipelineName: string): ExecutionRecord[] {
  return simulation(ctx).executionsOf(pipelineName).reverse();
}

/** The execution ids AWS accepts: UUIDs. */
export const EXECUTION_ID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
