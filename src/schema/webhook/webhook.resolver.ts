import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { paginate } from '../connection/paginate';
import { LIMITS, WebhookConnection } from '../connection/connections';
import { visibleItems } from '../auth/scope';
import { type GatewayContext } from '../context';
import { maskWebhookItem } from './webhook.mask';

/** Serves `Query.webhooks`. Secret tokens never leave the gateway. */
@Resolver()
export class WebhookResolver {
  @Query(() => WebhookConnection, {
    description:
      'Every webhook of the account whose target pipeline you may see (ListWebhooks). Secrets are masked.',
  })
  webhooks(
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.webhooks, maxFirst: ctx.maxPageSize, defaultFirst: 50 },
      async (page) =>
        visibleItems(
          await ctx.loaders.webhooksPage.load(page),
          ctx.principal,
          (w) => w.definition?.targetPipeline,
        ),
      maskWebhookItem,
    );
  }
}
