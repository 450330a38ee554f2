import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { GatewayResolver } from './gateway.resolver';

/** Every resolver class of the graph. */
const RESOLVERS = [GatewayResolver] as const;

let cached: GraphQLSchema | undefined;

/** Builds the executable schema from the type-graphql classes (once per process). */
export function buildGatewaySchema(): GraphQLSchema {
  cached ??= buildSchemaSync({ resolvers: RESOLVERS, validate: false });
  return cached;
}

/** The SDL checked in as `schema.graphql`: sorted, so the file diffs cleanly. */
export function printGatewaySchema(): string {
  return `${printSchema(lexicographicSortSchema(buildGatewaySchema()))}\n`;
}
