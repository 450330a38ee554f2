import { GraphQLError } from 'graphql';
import { type TargetFailure } from '../../aws/target-health';
import { type TargetEntry } from './directory';

/** The error a query gets for a target that is out: its cause's code, naming the target. */
export function targetError(
  entry: TargetEntry,
  failure: TargetFailure,
  path?: readonly (string | number)[],
): GraphQLError {
  return new GraphQLError(failure.message, {
    path,
    extensions: {
      code: failure.code,
      account: entry.target.accountId,
      region: entry.target.region,
      ...(entry.alias !== undefined ? { targetAlias: entry.alias } : {}),
      ...(failure.awsErrorName !== undefined ? { awsErrorName: failure.awsErrorName } : {}),
    },
  });
}
