import { Arg, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { TargetCtx, withTarget } from '../target/bind-target';
import { paginate } from '../connection/paginate';
import { ActionExecutionConnection, LIMITS, RuleExecutionConnection } from '../connection/connections';
import { type GatewayContext } from '../context';
import { ActionExecutionFilterInput, plain, RuleExecutionFilterInput } from '../execution/filters.input';
import { Tag } from '../tag/tag.type';
import { ListWebhookItem } from '../webhook/webhook.type';
import { maskWebhookItem, type MaskedWebhookItem } from '../webhook/webhook.mask';
import { Pipeline } from './pipeline.type';
import { ForgetsVanishedPipelines } from './vanished-pipeline';

/** The most webhooks read when looking for a pipeline's own: the account quota is 300. */
const WEBHOOK_SCAN_PAGES = 5;

/** Serves what hangs off a pipeline besides its declaration and state: history, webhooks and tags. */
@Resolver(() => Pipeline)
@ForgetsVanishedPipelines()
export class PipelineActivityResolver {
  @FieldResolver(() => ActionExecutionConnection, { description: 'Action executions, newest first.' })
  actionExecutions(
    @Root() root: Pipeline,
    @TargetCtx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => ActionExecutionFilterInput, { nullable: true }) filter?: ActionExecutionFilterInput,
  ) {
    const plainFilter = plain(filter);
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.actionExecutions, maxFirst: ctx.maxPageSize, defaultFirst: 50 },
      (page) =>
        ctx.loaders.actionExecutionsPage.load({ ...page, pipelineName: root.name, filter: plainFilter }),
      withTarget(ctx.target),
    );
  }

  @FieldResolver(() => RuleExecutionConnection, { description: 'Condition rule executions, newest first.' })
  ruleExecutions(
    @Root() root: Pipeline,
    @TargetCtx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => RuleExecutionFilterInput, { nullable: true }) filter?: RuleExecutionFilterInput,
  ) {
    const plainFilter = plain(filter);
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.ruleExecutions, maxFirst: ctx.maxPageSize, defaultFirst: 50 },
      (page) =>
        ctx.loaders.ruleExecutionsPage.load({ ...page, pipelineName: root.name, filter: plainFilter }),
    );
  }

  @FieldResolver(() => [ListWebhookItem], {
    description: 'Webhooks that trigger this pipeline. Secrets are masked.',
  })
  async webhooks(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext): Promise<MaskedWebhookItem[]> {
    const found: MaskedWebhookItem[] = [];
    let token: string | undefined;
    for (let i = 0; i < WEBHOOK_SCAN_PAGES; i += 1) {
      const page = await ctx.loaders.webhooksPage.load({ size: LIMITS.webhooks, token });
      for (const item of page.items) {
        if (item.definition?.targetPipeline === root.name) found.push(maskWebhookItem(item));
      }
      token = page.nextToken;
      if (!token) break;
    }
    return found;
  }

  @FieldResolver(() => [Tag], { description: 'Tags, read by ARN: no GetPipeline is spent to learn it.' })
  tags(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return ctx.loaders.tags.read(root.arn);
  }
}
