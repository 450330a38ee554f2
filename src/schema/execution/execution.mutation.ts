import { StartPipelineExecutionCommand, StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { type GatewayContext } from '../context';
import { orNull } from '../shared/errors';
import { executionNode } from './pipeline-execution.resolver';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { effects } from '../write/effects';
import { StartPipelineExecutionInput, StopPipelineExecutionInput } from './execution.input';
import { plainInput } from '../shared/plain-input';
import { ExecutionPayload } from './execution-payload.type';
import { runMutation } from '../write/run-mutation';

/** Builds the payload of a control mutation, reading the execution after the write. */
export async function executionPayload(
  ctx: GatewayContext,
  pipelineName: string,
  pipelineExecutionId: string,
): Promise<ExecutionPayload> {
  const detail = await orNull(ctx.loaders.execution.load({ pipelineName, pipelineExecutionId }));
  return {
    pipelineExecutionId,
    pipelineExecution: detail ? executionNode(ctx.target, pipelineName, { detail }) : null,
    pipeline: new Pipeline(ctx.target, pipelineName, toGlobalId('Pipeline', ctx.target, pipelineName)),
  };
}

/** Starts and stops executions. */
@Resolver()
export class ExecutionMutationResolver {
  @Mutation(() => ExecutionPayload, { description: 'Starts an execution (StartPipelineExecution).' })
  async startPipelineExecution(
    @Arg('input', () => StartPipelineExecutionInput) input: StartPipelineExecutionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ExecutionPayload> {
    const out = await runMutation(
      ctx,
      'StartPipelineExecution',
      () => ctx.client.send(new StartPipelineExecutionCommand(plainInput(input))),
      () => effects.runtime(ctx.target, input.name),
      input.name,
    );
    return executionPayload(ctx, input.name, out.pipelineExecutionId ?? '');
  }

  @Mutation(() => ExecutionPayload, {
    description: 'Stops an execution (StopPipelineExecution): lets running actions finish, or abandons them.',
  })
  async stopPipelineExecution(
    @Arg('input', () => StopPipelineExecutionInput) input: StopPipelineExecutionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ExecutionPayload> {
    const out = await runMutation(
      ctx,
      'StopPipelineExecution',
      () => ctx.client.send(new StopPipelineExecutionCommand(plainInput(input))),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    return executionPayload(ctx, input.pipelineName, out.pipelineExecutionId ?? input.pipelineExecutionId);
  }
}
