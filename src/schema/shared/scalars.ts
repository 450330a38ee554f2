/** The custom scalars of the graph. `JSONScalar` is not called `JSON` so it never shadows the global. */
import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTime, GraphQLDateTimeISO, GraphQLJSON } from 'graphql-scalars';

/**
 * `DateTime`, always serialized as an ISO 8601 string (graphql-scalars' plain `GraphQLDateTime`
 * hands the `Date` through, which only becomes a string if the transport JSON-encodes it).
 * Accepts the SDK's `Date`s, ISO strings and epoch milliseconds.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  name: 'DateTime',
  description: GraphQLDateTime.description,
});

/** Free-form JSON, for CodePipeline's string maps (`configuration`, `outputVariables`, ...). */
export const JSONScalar = GraphQLJSON;
