import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type GatewayContext } from '../context';
import { Pipeline } from '../pipeline/pipeline.type';
import { DateTimeScalar } from '../shared/scalars';
import { PipelineFilter } from '../target/pipeline-filter.input';
import { fleetDeliveryMetrics, pipelineDeliveryMetrics } from './delivery-metrics';
import { DeliveryMetrics, FleetDeliveryMetrics, RevisionFilter, RevisionTrail } from './insights.types';
import { revisionTrail } from './revision-trail';

/** Serves `Query.revision` ("where is my commit") and `Query.deliveryMetrics`. */
@Resolver()
export class InsightsResolver {
  @Query(() => RevisionTrail, {
    nullable: true,
    description:
      'Every execution in scope that carried a revision (a full id, or a short sha of 7 characters or more), oldest first; null when none did. `extensions.insights` says how complete the answer is.',
  })
  revision(
    @Arg('revisionId', () => String) revisionId: string,
    @Arg('filter', () => RevisionFilter, { nullable: true }) filter: RevisionFilter | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<RevisionTrail | null> {
    return revisionTrail(ctx, revisionId, filter);
  }

  @Query(() => FleetDeliveryMetrics, {
    description:
      'Delivery metrics over every pipeline in scope (docs/delivery-metrics.md), with each pipeline broken down. `extensions.insights` says how complete the answer is.',
  })
  deliveryMetrics(
    @Arg('since', () => DateTimeScalar) since: Date,
    @Arg('until', () => DateTimeScalar, { nullable: true }) until: Date | null,
    @Arg('filter', () => PipelineFilter, { nullable: true }) filter: PipelineFilter | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<FleetDeliveryMetrics> {
    return fleetDeliveryMetrics(ctx, filter, since, until);
  }
}

/** Serves `Pipeline.deliveryMetrics`. */
@Resolver(() => Pipeline)
export class PipelineDeliveryResolver {
  @FieldResolver(() => DeliveryMetrics, {
    description: "This pipeline's delivery metrics over a window (docs/delivery-metrics.md).",
  })
  deliveryMetrics(
    @Root() root: Pipeline,
    @Arg('since', () => DateTimeScalar) since: Date,
    @Arg('until', () => DateTimeScalar, { nullable: true }) until: Date | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeliveryMetrics> {
    return pipelineDeliveryMetrics(ctx, root, since, until);
  }
}
