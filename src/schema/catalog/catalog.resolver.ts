import type * as sdk from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../errors/graphql-errors';
import { type GatewayContext } from '../context';
import { ActionOwner, RuleOwner } from '../shared/enums';
import { orNull } from '../shared/errors';
import { ActionTypeDeclaration } from './action-type-declaration.type';
import { ActionType } from './action-type.type';
import { RuleType } from './rule-type.type';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function checkRegion(region: string | undefined): string | undefined {
  if (region !== undefined && region !== null && !REGION.test(region)) {
    throw badUserInput('`regionFilter` is not a region name', 'regionFilter');
  }
  return region ?? undefined;
}

/** Serves the catalog of action and rule types, and each action type's full declaration. */
@Resolver(() => ActionType)
export class CatalogResolver {
  @Query(() => [ActionType], { description: 'Action types available to pipelines (ListActionTypes).' })
  actionTypes(
    @Ctx() ctx: GatewayContext,
    @Arg('owner', () => ActionOwner, { nullable: true }) owner?: sdk.ActionOwner,
    @Arg('regionFilter', () => String, { nullable: true }) regionFilter?: string,
  ) {
    return ctx.loaders.actionTypes.load({ owner: owner ?? undefined, region: checkRegion(regionFilter) });
  }

  @Query(() => [RuleType], { description: 'Rule types available to stage conditions (ListRuleTypes).' })
  ruleTypes(
    @Ctx() ctx: GatewayContext,
    @Arg('ruleOwnerFilter', () => RuleOwner, { nullable: true }) ruleOwnerFilter?: sdk.RuleOwner,
    @Arg('regionFilter', () => String, { nullable: true }) regionFilter?: string,
  ) {
    return ctx.loaders.ruleTypes.load({
      owner: ruleOwnerFilter ?? undefined,
      region: checkRegion(regionFilter),
    });
  }

  @FieldResolver(() => ActionTypeDeclaration, {
    nullable: true,
    description: 'The full declaration (GetActionType): executor, permissions, properties, URLs.',
  })
  declaration(@Root() root: sdk.ActionType, @Ctx() ctx: GatewayContext) {
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
