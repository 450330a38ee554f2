import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { type GatewayContext } from '../context';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from './pipeline.type';
import { Tag } from '../tag/tag.type';
import { effects } from '../write/effects';
import { checkDeclarationStructure } from './declaration-rules';
import { toSdkDeclaration } from './declaration.input';
import { CreatePipelineInput, DeletePipelineInput, UpdatePipelineInput } from './declaration-mutations.input';
import { plainInput } from '../shared/plain-input';
import { runMutation } from '../write/run-mutation';

/** What createPipeline returns: the new pipeline, read through the graph, and the tags it was given. */
@ObjectType({ description: 'The pipeline createPipeline made, and its tags.' })
export class CreatePipelinePayload {
  @Field(() => Pipeline)
  pipeline!: Pipeline;

  @Field(() => [Tag])
  tags!: Tag[];
}

/** What updatePipeline returns: the pipeline, whose fields resolve after the cache was invalidated. */
@ObjectType({ description: 'The pipeline updatePipeline changed, at its new version.' })
export class UpdatePipelinePayload {
  @Field(() => Pipeline)
  pipeline!: Pipeline;
}

/** What deletePipeline returns. */
@ObjectType({ description: 'The outcome of deletePipeline.' })
export class DeletePipelinePayload {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean, {
    description: 'True once the pipeline no longer exists (deleting a missing pipeline succeeds, as in AWS).',
  })
  deleted!: boolean;
}

function pipelineNode(ctx: GatewayContext, name: string): Pipeline {
  return new Pipeline(ctx.target, name, toGlobalId('Pipeline', ctx.target, name));
}

/**
 * Creates, updates and deletes pipeline declarations. The declaration's
 * cross-member structure is checked before the call (declaration-rules.ts);
 * each success drops the declaration, the pipeline list, the runtime and the
 * tags of the pipeline, so the payload and the next query read it fresh.
 */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class PipelineMutationResolver {
  @Mutation(() => CreatePipelinePayload, { description: 'Creates a pipeline (CreatePipeline).' })
  async createPipeline(
    @Arg('input', () => CreatePipelineInput) input: CreatePipelineInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreatePipelinePayload> {
    checkDeclarationStructure(input.pipeline);
    const name = input.pipeline.name;
    const out = await runMutation(
      ctx,
      'CreatePipeline',
      new CreatePipelineCommand({
        pipeline: toSdkDeclaration(input.pipeline),
        tags: input.tags ? plainInput(input.tags) : undefined,
      }),
      () => effects.definition(ctx.target, name),
      name,
    );
    return {
      pipeline: pipelineNode(ctx, name),
      tags: (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
    };
  }

  @Mutation(() => UpdatePipelinePayload, {
    description: 'Replaces the structure of a pipeline (UpdatePipeline); its version goes up by one.',
  })
  async updatePipeline(
    @Arg('input', () => UpdatePipelineInput) input: UpdatePipelineInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UpdatePipelinePayload> {
    checkDeclarationStructure(input.pipeline);
    const name = input.pipeline.name;
    await runMutation(
      ctx,
      'UpdatePipeline',
      new UpdatePipelineCommand({ pipeline: toSdkDeclaration(input.pipeline) }),
      () => effects.definition(ctx.target, name),
      name,
    );
    return { pipeline: pipelineNode(ctx, name) };
  }

  @Mutation(() => DeletePipelinePayload, { description: 'Deletes a pipeline (DeletePipeline).' })
  async deletePipeline(
    @Arg('input', () => DeletePipelineInput) input: DeletePipelineInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeletePipelinePayload> {
    await runMutation(
      ctx,
      'DeletePipeline',
      new DeletePipelineCommand({ name: input.name }),
      () => effects.definition(ctx.target, input.name),
      input.name,
    );
    return { name: input.name, deleted: true };
  }
}
