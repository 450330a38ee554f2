import type * as sdk from '@aws-sdk/client-codepipeline';
import { Arg, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { paginate } from '../connection/paginate';
import { DeployTargetConnection, LIMITS } from '../connection/connections';
import { type GatewayContext } from '../context';
import { ActionExecutionDetail } from './action-execution.type';
import { TargetCtx } from '../target/bind-target';
import { plain, TargetFilterInput } from './filters.input';

/**
 * Hangs deploy targets (ListDeployActionExecutionTargets) off the action
 * execution that deployed them, read in the target the execution ran in
 * (its lists carry it: `withTarget`).
 */
@Resolver(() => ActionExecutionDetail)
export class ActionExecutionResolver {
  @FieldResolver(() => DeployTargetConnection, {
    description: 'What this deploy action deployed to, and how it went.',
  })
  deployTargets(
    @Root() root: sdk.ActionExecutionDetail,
    @TargetCtx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filters', () => [TargetFilterInput], { nullable: true }) filters?: TargetFilterInput[],
  ) {
    const actionExecutionId = root.actionExecutionId ?? '';
    const plainFilters = plain(filters);
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.deployTargets, maxFirst: ctx.maxPageSize, defaultFirst: 50 },
      (page) => ctx.loaders.deployTargetsPage.load({ ...page, actionExecutionId, filters: plainFilters }),
    );
  }
}
