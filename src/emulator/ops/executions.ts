import { type OperationTable } from '../core/context';
import { getPipelineExecution, getPipelineState, listPipelineExecutions } from './executions/read';
import { overrideStageCondition, retryStageExecution, rollbackStage } from './executions/recovery';
import { startPipelineExecution } from './executions/start';
import { stopPipelineExecution } from './executions/stop';

/** Handlers of the operations that start, inspect and steer pipeline executions. */
export const executionsOperations: OperationTable = {
  StartPipelineExecution: startPipelineExecution,
  StopPipelineExecution: stopPipelineExecution,
  GetPipelineExecution: getPipelineExecution,
  ListPipelineExecutions: listPipelineExecutions,
  GetPipelineState: getPipelineState,
  RetryStageExecution: retryStageExecution,
  RollbackStage: rollbackStage,
  OverrideStageCondition: overrideStageCondition,
};
