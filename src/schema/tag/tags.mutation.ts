import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { authorizeTagging } from '../auth/permissions';
import { type GatewayContext } from '../context';
import { Tag } from './tag.type';
import { effects } from '../write/effects';
import { TagResourceInput, UntagResourceInput } from './tag.input';
import { plainInput } from '../shared/plain-input';
import { runMutation } from '../write/run-mutation';

/** A resource's tags after a tagging mutation, read back after the cache was invalidated. */
@ObjectType({ description: 'A resource and all its tags after the change.' })
export class TagsPayload {
  @Field(() => String)
  resourceArn!: string;

  @Field(() => [Tag], { description: 'Every tag of the resource now, not only the ones changed.' })
  tags!: Tag[];
}

async function tagsPayload(ctx: GatewayContext, resourceArn: string): Promise<TagsPayload> {
  const tags = await ctx.loaders.tags.load(resourceArn);
  return { resourceArn, tags: tags.map((t) => ({ key: t.key ?? '', value: t.value ?? '' })) };
}

/** Tags and untags pipelines, webhooks and custom action types. */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class TagsMutationResolver {
  @Mutation(() => TagsPayload, {
    description: 'Adds tags to a resource (TagResource); keys it already has get the new value.',
  })
  async tagResource(
    @Arg('input', () => TagResourceInput) input: TagResourceInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<TagsPayload> {
    authorizeTagging(ctx.principal, 'TagResource', input.resourceArn);
    await runMutation(ctx, 'TagResource', new TagResourceCommand(plainInput(input)), () =>
      effects.tags(ctx.target, input.resourceArn),
    );
    return tagsPayload(ctx, input.resourceArn);
  }

  @Mutation(() => TagsPayload, { description: 'Removes tags from a resource by key (UntagResource).' })
  async untagResource(
    @Arg('input', () => UntagResourceInput) input: UntagResourceInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<TagsPayload> {
    authorizeTagging(ctx.principal, 'UntagResource', input.resourceArn);
    await runMutation(ctx, 'UntagResource', new UntagResourceCommand(plainInput(input)), () =>
      effects.tags(ctx.target, input.resourceArn),
    );
    return tagsPayload(ctx, input.resourceArn);
  }
}
