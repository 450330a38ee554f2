import type * as sdk from '@aws-sdk/client-codepipeline';
import { Arg, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../errors/graphql-errors';
import { type GatewayContext } from '../context';
import { ActionOwner, RuleOwner } from '../shared/enums';
import { orNull } from '../shared/errors';
import { ActionTypeDeclaration } from './action-type-declaration.type';
import { ActionType } from './action-type.type';
import { RuleType } from './rule-type.type';
import { TargetCtx, withTarget } from '../target/bind-target';
import { viewOfTarget } from '../target/pick-target';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function checkRegion(region: string | undefined): string | undefined {
  if (region !== undefined && region !== null && !REGION.test(region)) {
    throw badUserInput('`regionFilter` is not a region name', 'regionFilter');
  }
  return region ?? undefined;
}

const TARGET_ARG = { nullable: true, description: 'The target, when the graph spans several.' } as const;

/**
 * Serves the catalog of action and rule types, and each action type's full
 * declaration. The catalog is a target's (custom action types are the
 * account's, and what is available differs by region): with several
 * targets, `account` and `region` say whose.
 */
@Resolver(() => ActionType)
export class CatalogResolver {
  @Query(() => [ActionType], { description: 'Action types available to pipelines (ListActionTypes).' })
  async actionTypes(
    @TargetCtx() ctx: GatewayContext,
    @Arg('owner', () => ActionOwner, { nullable: true }) owner?: sdk.ActionOwner,
    @Arg('regionFilter', () => String, { nullable: true }) regionFilter?: string,
    @Arg('account', () => String, TARGET_ARG) account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ) {
    const view = viewOfTarget(ctx, { account, region });
    const types = await view.loaders.actionTypes.load({
      owner: owner ?? undefined,
      region: checkRegion(regionFilter),
    });
    return types.map(withTarget(view.target));
  }

  @Query(() => [RuleType], { description: 'Rule types available to stage conditions (ListRuleTypes).' })
  ruleTypes(
    @TargetCtx() ctx: GatewayContext,
    @Arg('ruleOwnerFilter', () => RuleOwner, { nullable: true }) ruleOwnerFilter?: sdk.RuleOwner,
    @Arg('regionFilter', () => String, { nullable: true }) regionFilter?: string,
    @Arg('account', () => String, TARGET_ARG) account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ) {
    return viewOfTarget(ctx, { account, region }).loaders.ruleTypes.load({
      owner: ruleOwnerFilter ?? undefined,
      region: checkRegion(regionFilter),
    });
  }

  @FieldResolver(() => ActionTypeDeclaration, {
    nullable: true,
    description: 'The full declaration (GetActionType): executor, permissions, properties, URLs.',
  })
  declaration(@Root() root: sdk.ActionType, @TargetCtx() ctx: GatewayContext) {
    const id = root.id;
    if (!id?.category || !id.owner || !id.provider || !id.version) return null;
    return orNull(
      ctx.loaders.actionTypeDeclaration.load({
        category: id.category,
        owner: id.owner,
        provider: id.provider,
        version: id.version,
      }),
    );
  }
}
