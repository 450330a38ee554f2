import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';

/** True when a loader answered "that does not exist", which lookups turn into `null`. */
export function isNotFound(err: unknown): boolean {
  return err instanceof GraphQLError && err.extensions.code === ErrorCode.NOT_FOUND;
}

/** Runs a lookup, answering `null` for a resource that does not exist and rethrowing anything else. */
export async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}
