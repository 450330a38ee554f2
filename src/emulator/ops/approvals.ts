import type { ApprovalStatus } from '@aws-sdk/client-codepipeline';
import { type OperationContext, type OperationTable } from '../core/context';
import { awsError } from '../core/errors';
import { type Input, requireEnum, requireName, requireObject, requireString } from '../core/input';
import { currentDeclaration } from '../engine/declarations';
import { EXECUTION_ID_PATTERN, requirePipeline, simulation } from './executions/common';

const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['Approved', 'Rejected'];

/**
 * PutApprovalResult. The token is the one GetPipelineState shows (or, for
 * PARALLEL pipelines, the externalExecutionId ListActionExecutions shows).
 */
function putApprovalResult(input: Input, ctx: OperationContext): { approvedAt: Date } {
  const pipelineName = requireName(input, 'pipelineName');
  const stageName = requireName(input, 'stageName');
  const actionName = requireName(input, 'actionName');
  const result = requireObject(input, 'result');
  const summary = requireString(result, 'summary', { min: 0, max: 512 });
  const status = requireEnum(result, 'status', APPROVAL_STATUSES);
  const token = requireString(input, 'token', { pattern: EXECUTION_ID_PATTERN });
  const pipeline = requirePipeline(ctx, pipelineName);
  const stage = (currentDeclaration(pipeline).stages ?? []).find((s) => s.name === stageName);
  if (!stage) throw awsError('StageNotFoundException', `Stage ${stageName} was not found in ${pipelineName}`);
  if (!(stage.actions ?? []).some((a) => a.name === actionName)) {
    throw awsError('ActionNotFoundException', `Action ${actionName} was not found in stage ${stageName}`);
  }
  const run = ctx.state.actionExecutions.find(
    (r) =>
      r.pipelineName === pipelineName &&
      r.stageName === stageName &&
      r.actionName === actionName &&
      r.token !== undefined &&
      r.token === token,
  );
  if (!run) throw awsError('InvalidApprovalTokenException', `The approval token ${token} is not valid`);
  const exec = ctx.state.executions.get(run.pipelineExecutionId);
  if (run.status !== 'InProgress' || !exec) {
    throw awsError('ApprovalAlreadyCompletedException', `The approval request was already ${run.status}`);
  }
  return { approvedAt: simulation(ctx).approve(exec, run, status, summary) };
}

/** Handlers of the manual approval operation. */
export const approvalsOperations: OperationTable = {
  PutApprovalResult: putApprovalResult,
};
