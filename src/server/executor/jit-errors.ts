import { GraphQLError, type SourceLocation } from 'graphql';

/** The shape of graphql-jit's own error class (built on graphql's `GraphQLError` prototype, not its constructor). */
interface JitError {
  message: string;
  locations?: readonly SourceLocation[];
  path?: readonly (string | number)[];
  originalError?: unknown;
  extensions?: Record<string, unknown>;
}

/**
 * graphql-jit reports errors with a class of its own, whose `extensions` may be
 * undefined where Apollo and graphql-js always have an object (Apollo's
 * error formatting then fails on it). This gives back what graphql-js's `locatedError` gives for the
 * same failure, so error masking, `extensions.code` and the HTTP status read
 * the same whichever executor ran: a resolver's error that already carries a
 * path is kept as it is; any other becomes a `GraphQLError` at the field's
 * path and locations, with the thrown error as `originalError` and its
 * extensions.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  // graphql-jit's class inherits from GraphQLError's prototype but leaves `extensions` undefined: only the real one passes.
  if (error instanceof GraphQLError && error.constructor === GraphQLError) return error;
  const jit = error as JitError;
  const original = jit.originalError;
  if (original instanceof GraphQLError && Array.isArray(original.path)) return original;
  const located = new GraphQLError(jit.message, {
    path: jit.path,
    originalError: original instanceof Error ? original : undefined,
    extensions: jit.extensions,
  });
  // graphql-jit computed the locations from the field nodes at compile time, as graphql-js does per error.
  if (jit.locations && jit.locations.length > 0) {
    Object.assign(located, { locations: jit.locations });
  }
  return located;
}
