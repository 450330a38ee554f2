import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { paginate } from '../connection/paginate';
import { LIMITS, WebhookConnection } from '../connection/connections';
import { visibleItems } from '../auth/scope';
import { type GatewayContext } from '../context';
import { viewOfTarget } from '../target/pick-target';
import { maskWebhookItem } from './webhook.mask';

/**
 * Serves `Query.webhooks`. Secret tokens never leave the gateway. Webhooks
 * are an account's in a region: with several targets, `account` and
 * `region` say whose.
 */
@Resolver()
export class WebhookResolver {
  @Query(() => WebhookConnection, {
    description:
      'Every webhook of the target whose target pipeline you may see (ListWebhooks). Secrets are masked.',
  })
  webhooks(
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('account', () => String, {
      nullable: true,
      description: 'The target, when the graph spans several.',
    })
    account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ) {
    const view = viewOfTarget(ctx, { account, region });
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.webhooks, maxFirst: view.maxPageSize, defaultFirst: 50 },
      async (page) =>
        visibleItems(
          await view.loaders.webhooksPage.load(page),
          view.principal,
          (w) => w.definition?.targetPipeline,
        ),
      maskWebhookItem,
    );
  }
}
