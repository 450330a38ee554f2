import { type ASTVisitor, GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

/** What a client is told when it asks for the schema on a gateway that does not publish it. */
export const INTROSPECTION_REFUSED =
  'Introspection is not allowed on this gateway: __schema and __type are refused. Set INTROSPECTION=true to allow them.';

/**
 * Refuses `__schema` and `__type`, naming the setting that allows them
 * (Apollo's own rule tells a client to "pass introspection: true to
 * ApolloServer", which no operator of this gateway can do).
 */
export const noIntrospection: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError(INTROSPECTION_REFUSED, {
          nodes: [node],
          extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' },
        }),
      );
    }
  },
});

const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * The error without graphql-js's "Did you mean ...?" hint, which names
 * fields and types: with introspection off, the schema is not published, so
 * error messages must not spell it out one guess at a time.
 */
export function withoutSuggestions(error: GraphQLError): GraphQLError {
  if (!SUGGESTION.test(error.message)) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
