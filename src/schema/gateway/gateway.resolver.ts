import { Ctx, Query, Resolver } from 'type-graphql';
import { type GatewayContext } from '../context';
import { GatewayInfo } from './gateway.type';

/** Serves `Query.gateway`. */
@Resolver()
export class GatewayResolver {
  @Query(() => GatewayInfo, { description: 'What this gateway is and which CodePipeline it serves.' })
  gateway(@Ctx() ctx: GatewayContext): GatewayInfo {
    return {
      version: ctx.version,
      upstream: {
        mode: ctx.upstream.mode,
        endpoint: ctx.upstream.endpoint,
        region: ctx.target.region,
        accountId: ctx.target.accountId,
      },
    };
  }
}
