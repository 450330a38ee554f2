import type { PipelineExecution, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { type ExecutionRecord } from '../../core/state';

/** GetPipelineExecution's shape. */
export function executionView(exec: ExecutionRecord): PipelineExecution {
  return {
    pipelineName: exec.pipelineName,
    pipelineVersion: exec.pipelineVersion,
    pipelineExecutionId: exec.pipelineExecutionId,
    status: exec.status,
    statusSummary: exec.statusSummary,
    artifactRevisions: exec.artifactRevisions,
    variables: exec.variables,
    trigger: exec.trigger,
    executionMode: exec.executionMode,
    executionType: exec.executionType,
    rollbackMetadata: exec.rollbackMetadata,
  };
}

/** ListPipelineExecutions' shape. */
export function executionSummary(exec: ExecutionRecord): PipelineExecutionSummary {
  return {
    pipelineExecutionId: exec.pipelineExecutionId,
    status: exec.status,
    statusSummary: exec.statusSummary,
    startTime: exec.startTime,
    lastUpdateTime: exec.lastUpdateTime,
    sourceRevisions: exec.sourceRevisions,
    trigger: exec.trigger,
    stopTrigger: exec.stopTrigger,
    executionMode: exec.executionMode,
    executionType: exec.executionType,
    rollbackMetadata: exec.rollbackMetadata,
  };
}
