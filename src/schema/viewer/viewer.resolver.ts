import { Ctx, Query, Resolver } from 'type-graphql';
import { type GatewayContext } from '../context';
import { Viewer, ViewerRole } from './viewer.type';

/** Serves `Query.viewer`. */
@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, {
    description: 'Who is asking: identity, role and pipeline scope of this credential.',
  })
  viewer(@Ctx() ctx: GatewayContext): Viewer {
    return {
      id: ctx.principal.id,
      role: ViewerRole[ctx.principal.role],
      pipelinePatterns: [...ctx.principal.pipelinePatterns],
    };
  }
}
