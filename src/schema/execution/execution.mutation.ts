import { StartPipelineExecutionCommand, StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { GraphQLError } from 'graphql';
import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { ErrorCode } from '../errors/error-codes';
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

/**
 * StopPipelineExecution answers PipelineExecutionNotStoppableException both for an execution that has finished
 * and for one that does not exist. The second is "not found", which a client handles otherwise: one read of the
 * execution tells them apart. When that read fails too, the write's own error stands.
 */
async function stopRefusal(
  ctx: GatewayContext,
  input: StopPipelineExecutionInput,
  err: unknown,
): Promise<never> {
  if (!(err instanceof GraphQLError) || err.extensions.code !== ErrorCode.PRECONDITION_FAILED) throw err;
  const { pipelineName, pipelineExecutionId } = input;
  const found = await orNull(ctx.loaders.execution.load({ pipelineName, pipelineExecutionId })).catch(
    () => err,
  );
  if (found !== null) throw err;
  throw new GraphQLError(`Pipeline execution ${pipelineExecutionId} of ${pipelineName} was not found`, {
    extensions: { code: ErrorCode.NOT_FOUND },
  });
}

/** Starts and stops executions. */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class ExecutionMutationResolver {
  @Mutation(() => ExecutionPayload, { description: 'Starts an execution (StartPipelineExecution).' })
  async startPipelineExecution(
    @Arg('input', () => StartPipelineExecutionInput) input: StartPipelineExecutionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ExecutionPayload> {
    const out = await runMutation(
      ctx,
      'StartPipelineExecution',
      new StartPipelineExecutionCommand(plainInput(input)),
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
      new StopPipelineExecutionCommand(plainInput(input)),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    ).catch((err: unknown) => stopRefusal(ctx, input, err));
    return executionPayload(ctx, input.pipelineName, out.pipelineExecutionId ?? input.pipelineExecutionId);
  }
}
