import { type GetPipelineStateOutput, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { GraphQLError } from 'graphql';
import { Arg, Ctx, Mutation, Query, Resolver, UseMiddleware } from 'type-graphql';
import { acrossTargets } from '../target/across-targets';
import { BindMutationTarget } from '../target/bind-target';
import { ErrorCode } from '../errors/error-codes';
import { checkName } from '../shared/args';
import { authorizeMutation } from '../auth/permissions';
import { type GatewayContext } from '../context';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { ApproveActionPayload, PendingApproval, PutApprovalResultPayload } from './approval.types';
import { effects } from '../write/effects';
import { executionPayload } from '../execution/execution.mutation';
import { ApprovalDecision, ApproveActionInput, PutApprovalResultInput } from './approval.input';
import { isWaitingApproval, pendingApprovals } from './pending-approvals';
import { plainInput } from '../shared/plain-input';
import { runMutation } from '../write/run-mutation';

/** Reads the live state, never the cache: a token from a stale state would answer the wrong run. */
function liveState(ctx: GatewayContext, name: string): Promise<GetPipelineStateOutput> {
  return ctx.liveLoaders().pipelineState.load(name);
}

function notWaiting(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.PRECONDITION_FAILED, reason } });
}

/** The token of the approval waiting for exactly this execution, or a clear refusal. */
async function waitingToken(ctx: GatewayContext, input: ApproveActionInput): Promise<string> {
  const { pipelineName, stageName, actionName, pipelineExecutionId } = input;
  const state = await liveState(ctx, pipelineName);
  const stage = state.stageStates?.find((s) => s.stageName === stageName);
  const action = stage?.actionStates?.find((a) => a.actionName === actionName);
  if (!stage || !action) {
    throw new GraphQLError(`No action ${actionName} in stage ${stageName} of ${pipelineName}`, {
      extensions: { code: ErrorCode.NOT_FOUND, reason: stage ? 'ACTION_NOT_FOUND' : 'STAGE_NOT_FOUND' },
    });
  }
  if (!isWaitingApproval(action)) {
    throw notWaiting(`${stageName}/${actionName} is not waiting for an approval`, 'APPROVAL_NOT_WAITING');
  }
  if (stage.latestExecution?.pipelineExecutionId !== pipelineExecutionId) {
    throw notWaiting(
      `${stageName}/${actionName} is waiting for execution ${stage.latestExecution?.pipelineExecutionId}, ` +
        `not ${pipelineExecutionId}`,
      'APPROVAL_NOT_WAITING',
    );
  }
  return action.latestExecution?.token ?? '';
}

/** Answers manual approvals, and lists the ones waiting. */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class ApprovalMutationResolver {
  @Mutation(() => PutApprovalResultPayload, {
    description: 'Answers a manual approval with its token (PutApprovalResult). Prefer approveAction.',
  })
  async putApprovalResult(
    @Arg('input', () => PutApprovalResultInput) input: PutApprovalResultInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<PutApprovalResultPayload> {
    const out = await runMutation(
      ctx,
      'PutApprovalResult',
      new PutApprovalResultCommand(plainInput(input)),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    const name = input.pipelineName;
    return {
      approvedAt: out.approvedAt,
      pipeline: new Pipeline(ctx.target, name, toGlobalId('Pipeline', ctx.target, name)),
    };
  }

  @Mutation(() => ApproveActionPayload, {
    description:
      'Approves or rejects the manual approval waiting for the given execution. The gateway finds the ' +
      'token in the live state; PRECONDITION_FAILED (reason APPROVAL_NOT_WAITING) when that execution ' +
      'is not waiting there.',
  })
  async approveAction(
    @Arg('input', () => ApproveActionInput) input: ApproveActionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ApproveActionPayload> {
    // Before the state read: a refused principal costs CodePipeline nothing.
    authorizeMutation(ctx.principal, 'PutApprovalResult', input.pipelineName);
    const token = await waitingToken(ctx, input);
    const { pipelineName, stageName, actionName, decision } = input;
    const status = decision === ApprovalDecision.APPROVED ? 'Approved' : 'Rejected';
    const out = await runMutation(
      ctx,
      'PutApprovalResult',
      new PutApprovalResultCommand({
        pipelineName,
        stageName,
        actionName,
        token,
        result: { status, summary: input.summary ?? '' },
      }),
      () => effects.runtime(ctx.target, pipelineName),
      pipelineName,
    );
    const read = await executionPayload(ctx, pipelineName, input.pipelineExecutionId);
    return {
      approvedAt: out.approvedAt,
      decision,
      pipelineExecution: read.pipelineExecution,
      pipeline: read.pipeline,
    };
  }

  @Query(() => [PendingApproval], {
    description:
      'Every manual approval waiting now, in the given pipelines or in all of them. Served from the ' +
      'cached pipeline state while it is fresh.',
  })
  pendingApprovals(
    @Ctx() ctx: GatewayContext,
    @Arg('pipelineNames', () => [String], { nullable: true }) pipelineNames?: string[] | null,
  ): Promise<PendingApproval[]> {
    pipelineNames?.forEach((n) => checkName(n, 'pipelineNames'));
    // Every target the caller reaches, each read with its own loaders and the caller's scopes there.
    return acrossTargets(ctx, ['pendingApprovals'], (view) => pendingApprovals(view, pipelineNames));
  }
}
