import {
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  OverrideStageConditionCommand,
  RetryStageExecutionCommand,
  RollbackStageCommand,
} from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { type GatewayContext } from '../context';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { StageTransitionPayload } from './control.types';
import { effects } from '../write/effects';
import { executionPayload } from '../execution/execution.mutation';
import {
  DisableStageTransitionInput,
  EnableStageTransitionInput,
  OverrideStageConditionInput,
  RetryStageExecutionInput,
  RollbackStageInput,
} from './control.input';
import { ExecutionPayload } from '../execution/execution-payload.type';
import { plainInput } from '../shared/plain-input';
import { runMutation } from '../write/run-mutation';

function transitionPayload(ctx: GatewayContext, input: EnableStageTransitionInput): StageTransitionPayload {
  const { pipelineName, stageName, transitionType } = input;
  return {
    stageName,
    transitionType,
    pipeline: new Pipeline(ctx.target, pipelineName, toGlobalId('Pipeline', ctx.target, pipelineName)),
  };
}

/**
 * Steers running pipelines: retries, rollbacks, condition overrides and
 * stage transitions. Each changes the live state, so each drops the
 * pipeline's runtime entries and nudges the change detector.
 */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class ControlMutationResolver {
  @Mutation(() => ExecutionPayload, {
    description: 'Reruns a failed or stopped stage of its latest execution (RetryStageExecution).',
  })
  async retryStageExecution(
    @Arg('input', () => RetryStageExecutionInput) input: RetryStageExecutionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ExecutionPayload> {
    const out = await runMutation(
      ctx,
      'RetryStageExecution',
      new RetryStageExecutionCommand(plainInput(input)),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    return executionPayload(ctx, input.pipelineName, out.pipelineExecutionId ?? input.pipelineExecutionId);
  }

  @Mutation(() => ExecutionPayload, {
    description:
      'Reruns a stage with the revisions of an execution that succeeded in it (RollbackStage); ' +
      'returns the new rollback execution.',
  })
  async rollbackStage(
    @Arg('input', () => RollbackStageInput) input: RollbackStageInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ExecutionPayload> {
    const out = await runMutation(
      ctx,
      'RollbackStage',
      new RollbackStageCommand(plainInput(input)),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    return executionPayload(ctx, input.pipelineName, out.pipelineExecutionId ?? '');
  }

  @Mutation(() => ExecutionPayload, {
    description: 'Lets an execution past a stage condition still being evaluated (OverrideStageCondition).',
  })
  async overrideStageCondition(
    @Arg('input', () => OverrideStageConditionInput) input: OverrideStageConditionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ExecutionPayload> {
    await runMutation(
      ctx,
      'OverrideStageCondition',
      new OverrideStageConditionCommand(plainInput(input)),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    return executionPayload(ctx, input.pipelineName, input.pipelineExecutionId);
  }

  @Mutation(() => StageTransitionPayload, {
    description: 'Lets executions into (or out of) a stage again (EnableStageTransition).',
  })
  async enableStageTransition(
    @Arg('input', () => EnableStageTransitionInput) input: EnableStageTransitionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<StageTransitionPayload> {
    await runMutation(
      ctx,
      'EnableStageTransition',
      new EnableStageTransitionCommand(plainInput(input)),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    return transitionPayload(ctx, input);
  }

  @Mutation(() => StageTransitionPayload, {
    description: 'Holds executions before (or after) a stage, with a reason (DisableStageTransition).',
  })
  async disableStageTransition(
    @Arg('input', () => DisableStageTransitionInput) input: DisableStageTransitionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<StageTransitionPayload> {
    await runMutation(
      ctx,
      'DisableStageTransition',
      new DisableStageTransitionCommand(plainInput(input)),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    return transitionPayload(ctx, input);
  }
}
