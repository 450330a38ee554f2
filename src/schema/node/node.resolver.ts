import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { canSee } from '../auth/principal';
import { type GatewayContext } from '../context';
import { orNull } from '../shared/errors';
import { executionNode } from '../execution/pipeline-execution.resolver';
import { fromGlobalId, type GlobalIdParts, toGlobalId } from './global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { Node } from './node.type';

/** Serves `Query.node`: refetch anything by its global ID (Relay). */
@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global ID; null when it no longer exists.',
  })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Node | null> {
    const parts = fromGlobalId(id);
    // The ID names its target: one this graph does not span names nothing here.
    const entry = ctx.targets.entries.find(
      (e) => e.target.accountId === parts.accountId && e.target.region === parts.region,
    );
    if (!entry) return null;
    return this.nodeIn(parts, ctx.at(entry.target));
  }

  private async nodeIn(parts: GlobalIdParts, ctx: GatewayContext): Promise<Node | null> {
    switch (parts.type) {
      case 'Pipeline': {
        const [name] = parts.key;
        if (!name || !canSee(ctx.principal, name)) return null;
        const found = await orNull(ctx.loaders.pipeline.load({ name }));
        return found ? new Pipeline(ctx.target, name, toGlobalId('Pipeline', ctx.target, name)) : null;
      }
      case 'PipelineExecution': {
        const [pipelineName, pipelineExecutionId] = parts.key;
        if (!pipelineName || !pipelineExecutionId || !canSee(ctx.principal, pipelineName)) return null;
        const detail = await orNull(ctx.loaders.execution.load({ pipelineName, pipelineExecutionId }));
        return detail ? executionNode(ctx.target, pipelineName, { detail }) : null;
      }
      default: {
        const unreachable: never = parts.type;
        return unreachable;
      }
    }
  }
}
