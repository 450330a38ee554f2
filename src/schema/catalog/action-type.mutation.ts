import type * as sdk from '@aws-sdk/client-codepipeline';
import {
  CreateCustomActionTypeCommand,
  DeleteCustomActionTypeCommand,
  UpdateActionTypeCommand,
} from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { type GatewayContext } from '../context';
import { orNull } from '../shared/errors';
import { ActionType } from './action-type.type';
import { ActionTypeDeclaration } from './action-type-declaration.type';
import { Tag } from '../tag/tag.type';
import { effects } from '../write/effects';
import { UpdateActionTypeInput } from './action-type-declaration.input';
import { CreateCustomActionTypeInput, DeleteCustomActionTypeInput } from './action-type.input';
import { plainInput } from '../shared/plain-input';
import { runMutation } from '../write/run-mutation';

/** What createCustomActionType returns. */
@ObjectType({ description: 'The custom action type createCustomActionType made, and its tags.' })
export class CreateCustomActionTypePayload {
  @Field(() => ActionType)
  actionType!: sdk.ActionType;

  @Field(() => [Tag])
  tags!: Tag[];
}

/** What deleteCustomActionType returns. */
@ObjectType({ description: 'The outcome of deleteCustomActionType.' })
export class DeleteCustomActionTypePayload {
  @Field(() => Boolean)
  deleted!: boolean;
}

/** What updateActionType returns: the declaration read back after the catalog was invalidated. */
@ObjectType({ description: 'The action type updateActionType changed.' })
export class UpdateActionTypePayload {
  @Field(() => ActionTypeDeclaration, { nullable: true })
  actionType!: sdk.ActionTypeDeclaration | null;
}

/** Custom action types and updates of published ones. Every success drops the cached catalog. */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class ActionTypeMutationResolver {
  @Mutation(() => CreateCustomActionTypePayload, {
    description: 'Creates a custom action type for job workers (CreateCustomActionType).',
  })
  async createCustomActionType(
    @Arg('input', () => CreateCustomActionTypeInput) input: CreateCustomActionTypeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateCustomActionTypePayload> {
    const out = await runMutation(
      ctx,
      'CreateCustomActionType',
      new CreateCustomActionTypeCommand(plainInput(input)),
      () => effects.types(ctx.target),
    );
    return {
      actionType: out.actionType ?? {
        id: { category: input.category, owner: 'Custom', provider: input.provider, version: input.version },
        inputArtifactDetails: input.inputArtifactDetails,
        outputArtifactDetails: input.outputArtifactDetails,
      },
      tags: (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
    };
  }

  @Mutation(() => DeleteCustomActionTypePayload, {
    description: 'Marks a custom action type deleted (DeleteCustomActionType).',
  })
  async deleteCustomActionType(
    @Arg('input', () => DeleteCustomActionTypeInput) input: DeleteCustomActionTypeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeleteCustomActionTypePayload> {
    await runMutation(
      ctx,
      'DeleteCustomActionType',
      new DeleteCustomActionTypeCommand(plainInput(input)),
      () => effects.types(ctx.target),
    );
    return { deleted: true };
  }

  @Mutation(() => UpdateActionTypePayload, {
    description: 'Replaces the definition of an action type (UpdateActionType).',
  })
  async updateActionType(
    @Arg('input', () => UpdateActionTypeInput) input: UpdateActionTypeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UpdateActionTypePayload> {
    const declaration = plainInput(input.actionType) as sdk.ActionTypeDeclaration;
    await runMutation(ctx, 'UpdateActionType', new UpdateActionTypeCommand({ actionType: declaration }), () =>
      effects.types(ctx.target),
    );
    const { category, owner, provider, version } = input.actionType.id;
    const actionType = await orNull(
      ctx.loaders.actionTypeDeclaration.load({
        category,
        owner: owner as sdk.ActionOwner,
        provider,
        version,
      }),
    );
    return { actionType };
  }
}
