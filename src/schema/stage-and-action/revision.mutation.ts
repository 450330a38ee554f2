import { PutActionRevisionCommand } from '@aws-sdk/client-codepipeline';
import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { BindMutationTarget } from '../target/bind-target';
import { type GatewayContext } from '../context';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { effects } from '../write/effects';
import { executionPayload } from '../execution/execution.mutation';
import { PutActionRevisionInput } from './revision.input';
import { plainInput } from '../shared/plain-input';
import { PutActionRevisionPayload } from './revision.types';
import { runMutation } from '../write/run-mutation';

/** Reports source revisions seen outside CodePipeline's own polling. */
@Resolver()
// Each write runs in the context of its target: from account/region, an ARN, or where its pipeline is.
@UseMiddleware(BindMutationTarget)
export class RevisionMutationResolver {
  @Mutation(() => PutActionRevisionPayload, {
    description:
      'Tells a source action about a revision (PutActionRevision); one the pipeline has not run starts an execution.',
  })
  async putActionRevision(
    @Arg('input', () => PutActionRevisionInput) input: PutActionRevisionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<PutActionRevisionPayload> {
    // plainInput turns dates into strings; the SDK serialises `created` from a Date.
    const request = {
      ...plainInput(input),
      actionRevision: { ...plainInput(input.actionRevision), created: input.actionRevision.created },
    };
    const out = await runMutation(
      ctx,
      'PutActionRevision',
      new PutActionRevisionCommand(request),
      () => effects.runtime(ctx.target, input.pipelineName),
      input.pipelineName,
    );
    const id = out.pipelineExecutionId ?? null;
    if (id === null) {
      const name = input.pipelineName;
      const pipeline = new Pipeline(ctx.target, name, toGlobalId('Pipeline', ctx.target, name));
      return {
        newRevision: out.newRevision ?? false,
        pipelineExecutionId: null,
        pipelineExecution: null,
        pipeline,
      };
    }
    const read = await executionPayload(ctx, input.pipelineName, id);
    return { newRevision: out.newRevision ?? false, ...read };
  }
}
