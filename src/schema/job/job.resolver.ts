import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { badUserInput } from '../errors/graphql-errors';
import { canSee } from '../auth/principal';
import { type GatewayContext } from '../context';
import { orNull } from '../shared/errors';
import { findInTargets } from '../target/pick-target';
import { JobDetails, ThirdPartyJobDetails } from './job.type';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkJobId(jobId: string): string {
  if (!JOB_ID.test(jobId)) throw badUserInput('`jobId` must be a job id (a UUID)', 'jobId');
  return jobId;
}

/** A job of a pipeline outside the caller's scope is as unknown as a missing one. */
async function inScope<T extends { data?: { pipelineContext?: { pipelineName?: string } } }>(
  ctx: GatewayContext,
  lookup: Promise<T | null>,
): Promise<T | null> {
  const job = await lookup;
  const name = job?.data?.pipelineContext?.pipelineName;
  return job && (name === undefined || canSee(ctx.principal, name)) ? job : null;
}

const TARGET_ARG = { nullable: true, description: 'The target, when the graph spans several.' } as const;

/**
 * Serves job details for job workers and partners. Never cached: a job
 * changes with every poll. A job id is unique across targets: without
 * `account` and `region`, every target the caller reaches is asked.
 */
@Resolver()
export class JobResolver {
  @Query(() => JobDetails, {
    nullable: true,
    description: 'A custom action job (GetJobDetails); null when unknown.',
  })
  jobDetails(
    @Arg('jobId', () => String) jobId: string,
    @Ctx() ctx: GatewayContext,
    @Arg('account', () => String, TARGET_ARG) account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ) {
    const id = checkJobId(jobId);
    return findInTargets(ctx, { account, region }, (view) =>
      inScope(view, orNull(view.loaders.jobDetails.load(id))),
    );
  }

  @Query(() => ThirdPartyJobDetails, {
    nullable: true,
    description: 'A third-party action job (GetThirdPartyJobDetails); null when unknown.',
  })
  thirdPartyJobDetails(
    @Arg('jobId', () => String) jobId: string,
    @Arg('clientToken', () => String) clientToken: string,
    @Ctx() ctx: GatewayContext,
    @Arg('account', () => String, TARGET_ARG) account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ) {
    if (clientToken.length < 1 || clientToken.length > 256) {
      throw badUserInput('`clientToken` must be 1 to 256 characters', 'clientToken');
    }
    const id = checkJobId(jobId);
    return findInTargets(ctx, { account, region }, (view) =>
      inScope(view, orNull(view.loaders.thirdPartyJobDetails.load({ jobId: id, clientToken }))),
    );
  }
}
