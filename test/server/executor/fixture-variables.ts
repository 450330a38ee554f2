import {
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type OperationDefinitionNode,
  typeFromAST,
} from 'graphql';

/** Real values of one emulator's estate, read through the gateway, that variables are made from. */
export interface FixtureValues {
  pipelineName: string;
  pipelineId: string;
  pipelineExecutionId: string;
  executionId: string;
  stageName: string;
  actionName: string;
}

/** A value for a field or variable called `name` of the named scalar: the estate's own where the name says which. */
function scalarValue(name: string, scalar: string, fixture: FixtureValues): unknown {
  if (/^(name|pipelineName|pipeline)$/i.test(name)) return fixture.pipelineName;
  if (/^pipelineExecutionId$/i.test(name)) return fixture.pipelineExecutionId;
  if (/^stageName$/i.test(name)) return fixture.stageName;
  if (/^actionName$/i.test(name)) return fixture.actionName;
  if (/^executionId$/i.test(name)) return fixture.executionId;
  switch (scalar) {
    case 'ID':
      return fixture.pipelineId;
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2026-01-01T00:00:00.000Z';
    case 'JSON':
      return {};
    default:
      return 'x';
  }
}

function valueOf(name: string, type: GraphQLInputType, fixture: FixtureValues): unknown {
  if (isNonNullType(type)) return valueOf(name, type.ofType, fixture);
  if (isListType(type)) return [valueOf(name, type.ofType, fixture)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isScalarType(type)) return scalarValue(name, type.name, fixture);
  if (isInputObjectType(type)) {
    // Required fields only: enough for the operation to reach its resolver, and deterministic.
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return Object.fromEntries(fields.map((f) => [f.name, valueOf(f.name, f.type, fixture)]));
  }
  return null;
}

/**
 * Variables for an operation found in a test: a value for each required
 * variable, built from its type and the estate's real names and IDs, and
 * none for the optional ones. The same fixture gives the same variables, so
 * two executors are asked exactly the same thing.
 */
export function fixtureVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fixture: FixtureValues,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type || !isNonNullType(type) || definition.defaultValue) continue;
    variables[definition.variable.name.value] = valueOf(definition.variable.name.value, type, fixture);
  }
  return variables;
}
