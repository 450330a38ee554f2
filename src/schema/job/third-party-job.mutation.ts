import {
  AcknowledgeThirdPartyJobCommand,
  PollForThirdPartyJobsCommand,
  PutThirdPartyJobFailureResultCommand,
  PutThirdPartyJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { authorizeMutation } from '../auth/permissions';
import { type GatewayContext } from '../context';
import { effects } from '../write/effects';
import {
  AcknowledgeThirdPartyJobInput,
  PollForThirdPartyJobsInput,
  PutThirdPartyJobFailureResultInput,
  PutThirdPartyJobSuccessResultInput,
} from './job-third-party.input';
import { jobPipeline, jobResultEffects } from './job-effects';
import { AcknowledgeJobPayload, JobResultPayload, PollForThirdPartyJobsPayload } from './job-payloads.type';
import { plainInput } from '../shared/plain-input';
import { runMutation } from '../write/run-mutation';

/** The pipeline of a partner job, from GetThirdPartyJobDetails (never cached). */
function partnerJobPipeline(
  ctx: GatewayContext,
  jobId: string,
  clientToken: string,
): Promise<string | undefined> {
  return jobPipeline(
    ctx.loaders.thirdPartyJobDetails
      .load({ jobId, clientToken })
      .then((d) => ({ pipelineName: d?.data?.pipelineContext?.pipelineName })),
  );
}

/**
 * The job worker protocol for ThirdParty (partner) action types. The job's
 * details are the existing `thirdPartyJobDetails` query; these are the writes.
 */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class ThirdPartyJobMutationResolver {
  @Mutation(() => PollForThirdPartyJobsPayload, {
    description: 'Takes queued jobs of a partner action type (PollForThirdPartyJobs): ids and client ids.',
  })
  async pollForThirdPartyJobs(
    @Arg('input', () => PollForThirdPartyJobsInput) input: PollForThirdPartyJobsInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<PollForThirdPartyJobsPayload> {
    const out = await runMutation(
      ctx,
      'PollForThirdPartyJobs',
      new PollForThirdPartyJobsCommand(plainInput(input)),
      () => effects.none(),
    );
    return { jobs: out.jobs ?? [] };
  }

  @Mutation(() => AcknowledgeJobPayload, {
    description: 'Confirms the partner runs the job (AcknowledgeThirdPartyJob).',
  })
  async acknowledgeThirdPartyJob(
    @Arg('input', () => AcknowledgeThirdPartyJobInput) input: AcknowledgeThirdPartyJobInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AcknowledgeJobPayload> {
    const out = await runMutation(
      ctx,
      'AcknowledgeThirdPartyJob',
      new AcknowledgeThirdPartyJobCommand(plainInput(input)),
      () => effects.none(),
    );
    return { status: out.status };
  }

  @Mutation(() => JobResultPayload, {
    description: 'Reports a partner job succeeded, or asks to continue it (PutThirdPartyJobSuccessResult).',
  })
  async putThirdPartyJobSuccessResult(
    @Arg('input', () => PutThirdPartyJobSuccessResultInput) input: PutThirdPartyJobSuccessResultInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<JobResultPayload> {
    // The role first, before the job lookup; the scope once the job's pipeline is known.
    authorizeMutation(ctx.principal, 'PutThirdPartyJobSuccessResult');
    const pipelineName = await partnerJobPipeline(ctx, input.jobId, input.clientToken);
    const request = plainInput(input);
    if (input.currentRevision?.created && request.currentRevision) {
      request.currentRevision.created = input.currentRevision.created;
    }
    await runMutation(
      ctx,
      'PutThirdPartyJobSuccessResult',
      new PutThirdPartyJobSuccessResultCommand(request),
      () => jobResultEffects(ctx, pipelineName),
      pipelineName,
    );
    return { jobId: input.jobId, ok: true };
  }

  @Mutation(() => JobResultPayload, {
    description: 'Reports a partner job failed (PutThirdPartyJobFailureResult).',
  })
  async putThirdPartyJobFailureResult(
    @Arg('input', () => PutThirdPartyJobFailureResultInput) input: PutThirdPartyJobFailureResultInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<JobResultPayload> {
    authorizeMutation(ctx.principal, 'PutThirdPartyJobFailureResult');
    const pipelineName = await partnerJobPipeline(ctx, input.jobId, input.clientToken);
    await runMutation(
      ctx,
      'PutThirdPartyJobFailureResult',
      new PutThirdPartyJobFailureResultCommand(plainInput(input)),
      () => jobResultEffects(ctx, pipelineName),
      pipelineName,
    );
    return { jobId: input.jobId, ok: true };
  }
}
