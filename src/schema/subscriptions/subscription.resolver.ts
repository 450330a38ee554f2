import { GraphQLError } from 'graphql';
import { Arg, Ctx, Extensions, Root, Subscription, Resolver } from 'type-graphql';
import { ErrorCode } from '../errors/error-codes';
import { checkName } from '../shared/args';
import { canSee, scopeCovers } from '../auth/principal';
import { filterIterator } from '../auth/scoped-events';
import { type GatewayContext } from '../context';
import { orNull } from '../shared/errors';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { type LiveEvents, type PipelineEventData, type PipelineEventFilterData } from './pipeline-event';
import { targetHoldingPipeline } from '../target/pick-target';
import { PipelineEvent, PipelineEventFilterInput } from './pipeline-event.type';
import { DISTINCT_PUSHES } from './distinct-pushes';
import { type PipelineUpdate, pipelineUpdates } from './pipeline-updates';

interface SubscribeData<A> {
  args: A;
  context: GatewayContext;
}

function live(ctx: GatewayContext) {
  if (!ctx.live) {
    throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at /graphql', {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return ctx.live;
}

function toFilter(input: PipelineEventFilterInput | undefined | null): PipelineEventFilterData {
  const names = input?.pipelineNames ?? undefined;
  names?.forEach((n, i) => checkName(n, `filter.pipelineNames[${i}]`));
  return {
    pipelineNames: names,
    kinds: input?.kinds ?? undefined,
    states: input?.states ?? undefined,
    accounts: input?.accounts ?? undefined,
    regions: input?.regions ?? undefined,
  };
}

/** Serves the live side of the graph over graphql-ws. */
@Resolver()
export class SubscriptionResolver {
  @Subscription(() => PipelineEvent, {
    description:
      'Pipeline, stage and action state changes and approvals needed, as the gateway detects them. ' +
      '`after: cursor` replays what was missed since that cursor, then goes live.',
    subscribe: ({ args, context }: SubscribeData<{ filter?: PipelineEventFilterInput; after?: string }>) => {
      // Per subscriber: pipelines outside its scopes (account/region/glob) are neither watched nor ever delivered.
      const patterns = context.caller.pipelinePatterns;
      const visibleSomewhere = (name: string) =>
        context.targets.entries.some((e) => patterns.some((p) => scopeCovers(p, e.target, name)));
      const filter = toFilter(args.filter);
      const scoped = { ...filter, pipelineNames: filter.pipelineNames?.filter(visibleSomewhere) };
      return filterIterator(live(context).subscribe(scoped, args.after ?? undefined), (event) =>
        patterns.some((p) => scopeCovers(p, event, event.pipelineName)),
      );
    },
  })
  pipelineEvents(
    @Root() event: PipelineEventData,
    @Arg('filter', () => PipelineEventFilterInput, { nullable: true }) _filter?: PipelineEventFilterInput,
    @Arg('after', () => String, { nullable: true }) _after?: string,
  ): PipelineEvent {
    return {
      ...event,
      detectedAt: new Date(event.detectedAt),
      target: { accountId: event.accountId, region: event.region },
    };
  }

  @Subscription(() => Pipeline, {
    description:
      'The pipeline at once, then again on every change: stages joined with live state, as queries return them. ' +
      'Never the same payload twice in a row. When the pipeline is deleted: NOT_FOUND, then the end.',
    subscribe: async ({
      args,
      context,
    }: SubscribeData<{ name: string; account?: string; region?: string }>) => {
      const name = checkName(args.name, 'name');
      // The target holding the pipeline (BAD_USER_INPUT naming them when several do); its events only.
      const target = (await targetHoldingPipeline(context, args, name, canSee)) ?? context.target;
      const view = context.at(target);
      const events: LiveEvents = {
        subscribe: (filter, after) =>
          live(context).subscribe(
            { ...filter, accounts: [target.accountId], regions: [target.region] },
            after,
          ),
      };
      return pipelineUpdates(events, name, async () => {
        // Out of scope reads as missing: the answer must not reveal that the pipeline exists.
        const exists = canSee(view.principal, name) && (await orNull(view.loaders.pipeline.load({ name })));
        if (!exists) {
          throw new GraphQLError(`Pipeline ${name} does not exist`, {
            extensions: { code: ErrorCode.NOT_FOUND },
          });
        }
      });
    },
  })
  @Extensions(DISTINCT_PUSHES)
  async pipelineStateChanged(
    @Root() update: PipelineUpdate,
    @Arg('name', () => String) name: string,
    @Ctx() root: GatewayContext,
    @Arg('account', () => String, {
      nullable: true,
      description: 'The target, when the graph spans several.',
    })
    account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ): Promise<Pipeline> {
    if (update === 'deleted') {
      throw new GraphQLError(`Pipeline ${name} was deleted`, {
        extensions: { code: ErrorCode.NOT_FOUND, reason: 'PIPELINE_DELETED' },
      });
    }
    const ctx = root.at(
      (await targetHoldingPipeline(root, { account, region }, name, canSee)) ?? root.target,
    );
    // Each push reads afresh: the poller has just warmed the cache, so this is cheap.
    ctx.renewLoaders();
    return new Pipeline(ctx.target, name, toGlobalId('Pipeline', ctx.target, name));
  }
}
