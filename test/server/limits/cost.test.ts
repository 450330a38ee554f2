import { getIntrospectionQuery, isObjectType, parse, validate } from 'graphql';
import { buildGatewaySchema } from '../../../src/schema/build-schema';
import { FIELD_COSTS, pageSize } from '../../../src/server/limits/cost';
import {
  checkLimits,
  measureOperation,
  type OperationMeasure,
  operationDepth,
  selectOperation,
} from '../../../src/server/limits/measure';

const schema = buildGatewaySchema();
const LIMITS = { maxQueryCost: 5_000, maxQueryDepth: 12, maxPageSize: 100 };

function measure(query: string, variables?: Record<string, unknown>): OperationMeasure {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const operation = selectOperation(document, undefined);
  if (!operation) throw new Error('no operation');
  return measureOperation(schema, document, operation, variables, LIMITS.maxPageSize);
}

describe('the cost model', () => {
  it('names only fields the schema really has', () => {
    const missing = Object.keys(FIELD_COSTS).filter((key) => {
      const [typeName = '', fieldName = ''] = key.split('.');
      const type = schema.getType(typeName);
      return !isObjectType(type) || type.getFields()[fieldName] === undefined;
    });
    expect(missing).toEqual([]);
  });

  it('charges plain fields nothing and each upstream read one call', () => {
    expect(measure('{ gateway { version } }').cost).toBe(0);
    expect(measure('{ pipeline(name: "a") { name } }').cost).toBe(1);
    // GetPipeline for the lookup, GetPipeline + GetPipelineState for stages, ListTagsForResource.
    expect(measure('{ pipeline(name: "a") { stages { name } tags { key } } }').cost).toBe(4);
  });

  it('multiplies what a connection holds by first, or by the default when first is absent', () => {
    expect(measure('{ pipelines(first: 10) { edges { node { tags { key } } } } }').cost).toBe(1 + 10);
    // Query.pipelines defaults to 50, Pipeline.executions to 20.
    expect(measure('{ pipelines { nodes { tags { key } } } }').cost).toBe(1 + 50);
    expect(
      measure('{ pipelines(first: 2) { nodes { executions { nodes { pipelineVersion } } } } }').cost,
    ).toBe(1 + 2 * (1 + 20));
  });

  it('reads first from variables', () => {
    const query = 'query Q($n: Int) { pipelines(first: $n) { nodes { tags { key } } } }';
    expect(measure(query, { n: 7 }).cost).toBe(1 + 7);
  });

  it('prices first beyond the page cap as the cap, since the resolver refuses it before any call', () => {
    expect(pageSize(1000, 50, 100)).toBe(100);
    expect(pageSize(undefined, 50, 10)).toBe(10);
    expect(pageSize(-5, 50, 100)).toBe(0);
  });

  it('estimates the 50-pipeline dashboard far below the default limit', () => {
    const { cost, depth } = measure(`{
      pipelines(first: 50) { edges { cursor node {
        name
        stages { name actions { name latestExecution { status } } }
        latestExecution { status }
        executions(first: 5) { edges { node { pipelineExecutionId status } } }
        tags { key value }
      } } pageInfo { hasNextPage endCursor } }
    }`);
    // ListPipelines, then per pipeline: stages 2, latestExecution 1, executions 1, tags 1.
    expect(cost).toBe(1 + 50 * 5);
    expect(depth).toBe(7);
    expect(checkLimits({ cost: cost ?? 0, depth }, LIMITS)).toBeUndefined();
  });

  it('counts depth through fragments and leaves introspection out of it', () => {
    const query = `
      query { pipelines { edges { ...E } } }
      fragment E on PipelineEdge { node { ... on Pipeline { stages { name } } } }`;
    const document = parse(query);
    const operation = selectOperation(document, undefined);
    expect(operation && operationDepth(document, operation)).toBe(5);
    const introspection = parse(getIntrospectionQuery());
    const op = selectOperation(introspection, 'IntrospectionQuery');
    expect(op && operationDepth(introspection, op)).toBe(0);
  });

  it('refuses a document that expands to too many fields instead of walking it', () => {
    const levels = 8;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Pipeline { name }`
        : `fragment F${i} on Pipeline { ${Array.from({ length: 6 }, (__, j) => `a${j}: pipelineType ...F${i + 1}`).join(' ')} }`,
    ).join('\n');
    const result = measure(`{ pipeline(name: "a") { ...F0 } }\n${fragments}`);
    expect(result.cost).toBeUndefined();
    const refusal = checkLimits(result, LIMITS);
    expect(refusal?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: null });
  });

  it('names the cost, the depth and the limits when it refuses', () => {
    const refusal = checkLimits({ cost: 10_101, depth: 13 }, LIMITS);
    expect(refusal?.message).toMatch(/depth 13 is over the limit of 12/);
    expect(refusal?.message).toMatch(/estimated cost of 10101 upstream calls is over the limit of 5000/);
    expect(refusal?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      cost: 10_101,
      maxCost: 5_000,
      depth: 13,
      maxDepth: 12,
    });
  });
});
