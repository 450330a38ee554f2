import { type OperationContext, type OperationTable } from '../core/context';
import { awsError, validationError } from '../core/errors';
import { type Input, requireName, requireObject, requireString } from '../core/input';
import { currentDeclaration } from '../engine/declarations';
import { requirePipeline, simulation } from './executions/common';
import { checkConcurrency } from './executions/start';

function requireTimestamp(input: Input, field: string): Date {
  const v = input[field];
  if (v === undefined || v === null) {
    throw validationError(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw validationError(`${field} must be a timestamp`);
  return new Date(ms);
}

/**
 * PutActionRevision: a source action saw a revision. A revision the pipeline
 * has not run yet starts an execution that uses it.
 */
function putActionRevision(
  input: Input,
  ctx: OperationContext,
): { newRevision: boolean; pipelineExecutionId?: string } {
  const pipelineName = requireName(input, 'pipelineName');
  const stageName = requireName(input, 'stageName');
  const actionName = requireName(input, 'actionName');
  const revision = requireObject(input, 'actionRevision');
  const revisionId = requireString(revision, 'revisionId', { min: 1, max: 1500 });
  const revisionChangeId = requireString(revision, 'revisionChangeId', { min: 1, max: 100 });
  const created = requireTimestamp(revision, 'created');
  const pipeline = requirePipeline(ctx, pipelineName);
  const stage = (currentDeclaration(pipeline).stages ?? []).find((s) => s.name === stageName);
  if (!stage) throw awsError('StageNotFoundException', `Stage ${stageName} was not found in ${pipelineName}`);
  if (!(stage.actions ?? []).some((a) => a.name === actionName)) {
    throw awsError('ActionNotFoundException', `Action ${actionName} was not found in stage ${stageName}`);
  }
  const engine = simulation(ctx);
  const seen = engine
    .executionsOf(pipelineName)
    .reverse()
    .find((e) => e.sourceRevisions.some((s) => s.actionName === actionName && s.revisionId === revisionId));
  if (seen) return { newRevision: false, pipelineExecutionId: seen.pipelineExecutionId };
  checkConcurrency(ctx, pipelineName);
  const exec = engine.startWithRevision(pipeline, actionName, { revisionId, revisionChangeId, created });
  return { newRevision: true, pipelineExecutionId: exec.pipelineExecutionId };
}

/** Handlers of the source revision operation. */
export const revisionsOperations: OperationTable = {
  PutActionRevision: putActionRevision,
};
