import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { CatalogResolver } from './catalog/catalog.resolver';
import { ActionExecutionResolver } from './execution/action-execution.resolver';
import { PipelineExecutionResolver } from './execution/pipeline-execution.resolver';
import { GatewayResolver } from './gateway.resolver';
import { JobResolver } from './job.resolver';
import { NodeResolver } from './node/node.resolver';
import { PipelineActivityResolver } from './pipeline/pipeline-activity.resolver';
import { PipelineResolver } from './pipeline/pipeline.resolver';
import { RAW_TYPES } from './types';
import { WebhookResolver } from './webhook.resolver';

/** Every resolver class of the graph. */
const RESOLVERS = [
  GatewayResolver,
  PipelineResolver,
  PipelineActivityResolver,
  PipelineExecutionResolver,
  ActionExecutionResolver,
  CatalogResolver,
  WebhookResolver,
  JobResolver,
  NodeResolver,
] as const;

let cached: GraphQLSchema | undefined;

/** Builds the executable schema from the type-graphql classes (once per process). */
export function buildGatewaySchema(): GraphQLSchema {
  cached ??= buildSchemaSync({ resolvers: RESOLVERS, orphanedTypes: [...RAW_TYPES], validate: false });
  return cached;
}

/** The SDL checked in as `schema.graphql`: sorted, so the file diffs cleanly. */
export function printGatewaySchema(): string {
  return `${printSchema(lexicographicSortSchema(buildGatewaySchema()))}\n`;
}
