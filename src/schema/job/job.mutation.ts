import {
  AcknowledgeJobCommand,
  PollForJobsCommand,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { authorizeMutation } from '../auth/permissions';
import { type GatewayContext } from '../context';
import { effects } from '../write/effects';
import { jobPipeline, jobResultEffects } from './job-effects';
import { AcknowledgeJobPayload, JobResultPayload, PollForJobsPayload } from './job-payloads.type';
import { PutJobFailureResultInput, PutJobSuccessResultInput } from './job-result.input';
import { AcknowledgeJobInput, PollForJobsInput } from './job.input';
import { plainInput } from '../shared/plain-input';
import { runMutation } from '../write/run-mutation';

/** The pipeline of a custom job, from GetJobDetails (never cached). */
function customJobPipeline(ctx: GatewayContext, jobId: string): Promise<string | undefined> {
  return jobPipeline(
    ctx.loaders.jobDetails
      .load(jobId)
      .then((d) => ({ pipelineName: d?.data?.pipelineContext?.pipelineName })),
  );
}

/**
 * The job worker protocol for Custom action types, over GraphQL: poll,
 * acknowledge, report. Polling and acknowledging change nothing the graph
 * caches; a result moves the pipeline on, so it drops that pipeline's runtime.
 */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class JobMutationResolver {
  @Mutation(() => PollForJobsPayload, {
    description: 'Takes queued jobs of a Custom action type (PollForJobs). Each job is handed out once.',
  })
  async pollForJobs(
    @Arg('input', () => PollForJobsInput) input: PollForJobsInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<PollForJobsPayload> {
    const out = await runMutation(ctx, 'PollForJobs', new PollForJobsCommand(plainInput(input)), () =>
      effects.none(),
    );
    return { jobs: out.jobs ?? [] };
  }

  @Mutation(() => AcknowledgeJobPayload, {
    description: 'Confirms the worker runs the job (AcknowledgeJob).',
  })
  async acknowledgeJob(
    @Arg('input', () => AcknowledgeJobInput) input: AcknowledgeJobInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AcknowledgeJobPayload> {
    const out = await runMutation(ctx, 'AcknowledgeJob', new AcknowledgeJobCommand(plainInput(input)), () =>
      effects.none(),
    );
    return { status: out.status };
  }

  @Mutation(() => JobResultPayload, {
    description: 'Reports a job succeeded, or asks to continue it (PutJobSuccessResult).',
  })
  async putJobSuccessResult(
    @Arg('input', () => PutJobSuccessResultInput) input: PutJobSuccessResultInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<JobResultPayload> {
    // The role first, before the job lookup; the scope once the job's pipeline is known.
    authorizeMutation(ctx.principal, 'PutJobSuccessResult');
    const pipelineName = await customJobPipeline(ctx, input.jobId);
    const request = plainInput(input);
    if (input.currentRevision?.created && request.currentRevision) {
      request.currentRevision.created = input.currentRevision.created;
    }
    await runMutation(
      ctx,
      'PutJobSuccessResult',
      new PutJobSuccessResultCommand(request),
      () => jobResultEffects(ctx, pipelineName),
      pipelineName,
    );
    return { jobId: input.jobId, ok: true };
  }

  @Mutation(() => JobResultPayload, { description: 'Reports a job failed (PutJobFailureResult).' })
  async putJobFailureResult(
    @Arg('input', () => PutJobFailureResultInput) input: PutJobFailureResultInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<JobResultPayload> {
    authorizeMutation(ctx.principal, 'PutJobFailureResult');
    const pipelineName = await customJobPipeline(ctx, input.jobId);
    await runMutation(
      ctx,
      'PutJobFailureResult',
      new PutJobFailureResultCommand(plainInput(input)),
      () => jobResultEffects(ctx, pipelineName),
      pipelineName,
    );
    return { jobId: input.jobId, ok: true };
  }
}
