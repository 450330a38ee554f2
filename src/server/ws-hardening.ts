import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError, parse } from 'graphql';

/**
 * What graphql-ws does not do for hostile or confused clients, so that a bad
 * frame gets a 4400 close or a coded error (as HTTP requests do), never the
 * 4500 "internal error" close that graphql-ws uses for anything it throws on.
 */

/** Messages only a server sends; graphql-ws accepts them from clients, then throws on them. */
const SERVER_ONLY_TYPES = new Set(['connection_ack', 'next', 'error']);

/**
 * A `jsonMessageReviver` refusing server-only message types at the root of
 * a client's message: graphql-ws turns a reviver's throw into a 4400 close
 * ("Invalid message received").
 */
export function refuseServerMessages(key: string, value: unknown): unknown {
  if (key === '' && typeof value === 'object' && value !== null && 'type' in value) {
    const type = (value as { type: unknown }).type;
    if (typeof type === 'string' && SERVER_ONLY_TYPES.has(type)) {
      throw new Error(`a client may not send ${type}`);
    }
  }
  return value;
}

/**
 * The syntax error of a `subscribe` whose query does not parse, coded as
 * Apollo codes it over HTTP; undefined when it parses. graphql-ws itself
 * throws on such a query, which closes the socket with 4500.
 */
export function parseFailure(query: unknown): GraphQLError[] | undefined {
  if (typeof query !== 'string') return undefined;
  try {
    parse(query);
    return undefined;
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return [
      new GraphQLError(err.message, {
        extensions: { code: ApolloServerErrorCode.GRAPHQL_PARSE_FAILED },
      }),
    ];
  }
}

/**
 * Gives every error graphql-ws reports before execution a code: they are
 * validation failures (unknown fields, operations that do not resolve),
 * which graphql-ws sends without one, where HTTP clients get
 * `GRAPHQL_VALIDATION_FAILED`.
 */
export function withCodes(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    const formatted = error.toJSON();
    if (typeof formatted.extensions?.code === 'string') return formatted;
    return {
      ...formatted,
      extensions: { ...formatted.extensions, code: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED },
    };
  });
}
