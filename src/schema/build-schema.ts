import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { CatalogResolver } from './catalog/catalog.resolver';
import { ActionExecutionResolver } from './execution/action-execution.resolver';
import { PipelineExecutionResolver } from './execution/pipeline-execution.resolver';
import { GatewayResolver } from './gateway/gateway.resolver';
import { JobResolver } from './job/job.resolver';
import { NodeResolver } from './node/node.resolver';
import { PipelineActivityResolver } from './pipeline/pipeline-activity.resolver';
import { PipelineResolver } from './pipeline/pipeline.resolver';
import { installDirectResolvers } from './direct-resolvers';
import { RAW_TYPES } from './raw-types';
import { validateArgument } from './shared/validation';
import { WebhookResolver } from './webhook/webhook.resolver';
import { SubscriptionResolver } from './subscriptions/subscription.resolver';
import { ExecutionMutationResolver } from './execution/execution.mutation';
import { PipelineMutationResolver } from './pipeline/pipeline.mutation';
import { TagsMutationResolver } from './tag/tags.mutation';
import { WebhookMutationResolver } from './webhook/webhook.mutation';
import { ActionTypeMutationResolver } from './catalog/action-type.mutation';
import { ControlMutationResolver } from './stage-and-action/control.mutation';
import { ApprovalMutationResolver } from './approval/approval.mutation';
import { RevisionMutationResolver } from './stage-and-action/revision.mutation';
import { JobMutationResolver } from './job/job.mutation';
import { ThirdPartyJobMutationResolver } from './job/third-party-job.mutation';
import { ViewerResolver } from './viewer/viewer.resolver';
import { InsightsResolver, PipelineDeliveryResolver } from './insights/insights.resolver';
import { ExecutionTargetResolver, PipelineTargetResolver, TargetsResolver } from './target/targets.resolver';

/** Every resolver class of the graph. */
const RESOLVERS = [
  GatewayResolver,
  ViewerResolver,
  PipelineResolver,
  PipelineActivityResolver,
  PipelineExecutionResolver,
  ActionExecutionResolver,
  CatalogResolver,
  WebhookResolver,
  JobResolver,
  NodeResolver,
  ExecutionMutationResolver,
  SubscriptionResolver,
  PipelineMutationResolver,
  TagsMutationResolver,
  WebhookMutationResolver,
  ActionTypeMutationResolver,
  ControlMutationResolver,
  ApprovalMutationResolver,
  RevisionMutationResolver,
  JobMutationResolver,
  ThirdPartyJobMutationResolver,
  TargetsResolver,
  PipelineTargetResolver,
  ExecutionTargetResolver,
  InsightsResolver,
  PipelineDeliveryResolver,
] as const;

/**
 * type-graphql insists on a PubSub once any subscription exists, but every
 * subscription here brings its own `subscribe` (the event bus lives in the
 * subscriptions layer). This one exists to say so if it is ever reached.
 */
const NO_TOPICS = {
  publish(): void {
    throw new Error('subscriptions use their own event source; topics are not used');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('subscriptions use their own event source; topics are not used');
  },
};

let cached: GraphQLSchema | undefined;

/** Builds the executable schema from the type-graphql classes (once per process). */
export function buildGatewaySchema(): GraphQLSchema {
  if (!cached) {
    cached = buildSchemaSync({
      resolvers: RESOLVERS,
      orphanedTypes: [...RAW_TYPES],
      validateFn: (value) => validateArgument(value),
      pubSub: NO_TOPICS,
    });
    // Fields type-graphql's wrappers add nothing to are resolved directly (direct-resolvers.ts).
    installDirectResolvers(cached);
  }
  return cached;
}

/** The SDL checked in as `schema.graphql`: sorted, so the file diffs cleanly. */
export function printGatewaySchema(): string {
  return `${printSchema(lexicographicSortSchema(buildGatewaySchema()))}\n`;
}
