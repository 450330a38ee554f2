import { type GatewayContext } from '../context';
import { badUserInput } from '../errors/graphql-errors';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { type PipelineFilter } from '../target/pipeline-filter.input';
import { deliveryFigures } from './delivery-figures';
import { ensureCovered, insightsOf, pipelinesInScope, type ScopedPipeline } from './coverage';
import { type InsightsContext } from './insights-context';
import { type DeliveryMetrics, type FleetDeliveryMetrics } from './insights.types';

const DAY_MS = 24 * 3600_000;

/** The window asked for, checked: `until` defaults to now, and history older than the ledger keeps is refused. */
function window(insights: InsightsContext, since: Date, until: Date | null | undefined): [number, number] {
  const sinceMs = since.getTime();
  const untilMs = until ? until.getTime() : insights.now();
  if (!Number.isFinite(sinceMs) || !Number.isFinite(untilMs) || untilMs <= sinceMs) {
    throw badUserInput('`until` must be after `since`', 'until');
  }
  const oldest = insights.now() - insights.settings.historyDays * DAY_MS;
  if (sinceMs < oldest) {
    throw badUserInput(
      `\`since\` is older than the ${insights.settings.historyDays} days of history kept (DELIVERY_HISTORY_DAYS)`,
      'since',
    );
  }
  return [sinceMs, untilMs];
}

async function figuresOf(
  insights: InsightsContext,
  pipelines: readonly ScopedPipeline[],
  sinceMs: number,
  untilMs: number,
): Promise<{ item: ScopedPipeline; metrics: DeliveryMetrics }[]> {
  await ensureCovered(insights, pipelines, sinceMs);
  return Promise.all(
    pipelines.map(async (item) => {
      const executions = await insights.ledger.executions(item.entry.target, item.name, sinceMs, untilMs);
      const figures = deliveryFigures([executions], sinceMs, untilMs);
      return { item, metrics: { since: new Date(sinceMs), until: new Date(untilMs), ...figures } };
    }),
  );
}

/** `Pipeline.deliveryMetrics`: one pipeline's figures over the window. */
export async function pipelineDeliveryMetrics(
  ctx: GatewayContext,
  pipeline: Pipeline,
  since: Date,
  until: Date | null | undefined,
): Promise<DeliveryMetrics> {
  const insights = insightsOf(ctx);
  const [sinceMs, untilMs] = window(insights, since, until);
  const view = ctx.at(pipeline.target);
  const entry = { target: pipeline.target };
  const [result] = await figuresOf(insights, [{ entry, view, name: pipeline.name }], sinceMs, untilMs);
  return (result as { metrics: DeliveryMetrics }).metrics;
}

/** `Query.deliveryMetrics`: the figures over every pipeline in scope, and each pipeline's own. */
export async function fleetDeliveryMetrics(
  ctx: GatewayContext,
  filter: PipelineFilter | null | undefined,
  since: Date,
  until: Date | null | undefined,
): Promise<FleetDeliveryMetrics> {
  const insights = insightsOf(ctx);
  const [sinceMs, untilMs] = window(insights, since, until);
  const pipelines = await pipelinesInScope(ctx, filter);
  const results = await figuresOf(insights, pipelines, sinceMs, untilMs);
  const perPipeline = await Promise.all(
    pipelines.map((item) => insights.ledger.executions(item.entry.target, item.name, sinceMs, untilMs)),
  );
  return {
    since: new Date(sinceMs),
    until: new Date(untilMs),
    ...deliveryFigures(perPipeline, sinceMs, untilMs),
    pipelines: results.map(({ item, metrics }) => ({
      pipeline: new Pipeline(
        item.entry.target,
        item.name,
        toGlobalId('Pipeline', item.entry.target, item.name),
      ),
      metrics,
    })),
  };
}
