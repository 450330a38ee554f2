import { type ExecutionRecord, type PipelineRecord } from '../core/state';
import { type EngineCore, userArn } from './core';
import { currentDeclaration, stagesOf } from './declarations';
import { createExecution } from './start';

/**
 * Starts a ROLLBACK execution that reruns one stage with the revisions the
 * target execution had there.
 */
export function startRollback(
  core: EngineCore,
  pipeline: PipelineRecord,
  stageName: string,
  target: ExecutionRecord,
  triggerType: 'ManualRollback' | 'AutomatedRollback',
  atMs: number,
): ExecutionRecord {
  const index = stagesOf(currentDeclaration(pipeline)).findIndex((s) => s.name === stageName);
  return createExecution(
    core,
    pipeline,
    {
      trigger: {
        triggerType,
        triggerDetail: triggerType === 'ManualRollback' ? userArn(core) : target.pipelineExecutionId,
      },
      variables: target.variables.map((v) => ({ ...v })),
      executionType: 'ROLLBACK',
      rollbackMetadata: { rollbackTargetPipelineExecutionId: target.pipelineExecutionId },
      startStageIndex: Math.max(0, index),
      artifactRevisions: target.artifactRevisions,
      sourceRevisions: target.sourceRevisions,
    },
    atMs,
  );
}

/** The newest other execution of the same pipeline version in which the stage succeeded. */
export function lastSucceededInStage(
  core: EngineCore,
  exec: ExecutionRecord,
  stageName: string,
): ExecutionRecord | undefined {
  let found: ExecutionRecord | undefined;
  for (const other of core.state.executions.values()) {
    if (other === exec || other.pipelineName !== exec.pipelineName) continue;
    if (other.pipelineVersion !== exec.pipelineVersion) continue;
    if (other.stages.get(stageName)?.status === 'Succeeded') found = other;
  }
  return found;
}
