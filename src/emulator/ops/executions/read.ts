import type {
  GetPipelineStateOutput,
  PipelineExecution,
  PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import { type OperationContext } from '../../core/context';
import {
  type Input,
  maxResults,
  optionalObject,
  optionalString,
  requireName,
  requireString,
} from '../../core/input';
import { executionsNewestFirst, requireExecution, requirePipeline } from './common';
import { pipelineStateView } from './state-view';
import { executionSummary, executionView } from './views';

/** GetPipelineExecution. */
export function getPipelineExecution(
  input: Input,
  ctx: OperationContext,
): { pipelineExecution: PipelineExecution } {
  const pipelineName = requireName(input, 'pipelineName');
  const id = requireString(input, 'pipelineExecutionId');
  requirePipeline(ctx, pipelineName);
  return { pipelineExecution: executionView(requireExecution(ctx, pipelineName, id)) };
}

/** ListPipelineExecutions: newest first, optionally only those that succeeded in a stage. */
export function listPipelineExecutions(
  input: Input,
  ctx: OperationContext,
): { pipelineExecutionSummaries: PipelineExecutionSummary[]; nextToken?: string } {
  const pipelineName = requireName(input, 'pipelineName');
  const limit = maxResults(input, 100);
  const nextToken = optionalString(input, 'nextToken', { min: 1, max: 2048 });
  const filter = optionalObject(input, 'filter');
  const succeededIn = filter ? optionalObject(filter, 'succeededInStage') : undefined;
  const stageName = succeededIn ? optionalString(succeededIn, 'stageName', { min: 1, max: 100 }) : undefined;
  const pipeline = requirePipeline(ctx, pipelineName);
  let executions = executionsNewestFirst(ctx, pipelineName);
  if (stageName !== undefined) {
    const version = pipeline.versions.length;
    executions = executions.filter(
      (e) => e.pipelineVersion === version && e.stages.get(stageName)?.status === 'Succeeded',
    );
  }
  const scope = `ListPipelineExecutions:${pipelineName}:${stageName ?? ''}`;
  const page = ctx.tokens.page(scope, executions, limit, nextToken);
  return { pipelineExecutionSummaries: page.items.map(executionSummary), nextToken: page.nextToken };
}

/** GetPipelineState. */
export function getPipelineState(input: Input, ctx: OperationContext): GetPipelineStateOutput {
  const name = requireName(input, 'name');
  return pipelineStateView(ctx, requirePipeline(ctx, name));
}
