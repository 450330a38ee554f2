import { GraphQLError } from 'graphql';
import { type TargetFailure } from '../../aws/target-health';
import { type GatewayContext } from '../context';
import { callerReaches, sortedEntries } from './directory';
import { targetError } from './target-errors';

/**
 * Runs a read in every target the caller reaches, in the graph's order, and
 * joins the answers. A target that is out, or fails with a target-level
 * cause, adds its error to the answer and the others still answer.
 */
export async function acrossTargets<T>(
  ctx: GatewayContext,
  path: readonly (string | number)[],
  read: (view: GatewayContext) => Promise<T[]>,
): Promise<T[]> {
  const entries = sortedEntries(ctx.targets.entries).filter((entry) =>
    callerReaches(ctx.caller, entry.target),
  );
  const parts = await Promise.all(
    entries.map(async (entry) => {
      const health = ctx.targets.health(entry.target);
      if (health.lastError && health.status !== 'OK' && health.status !== 'UNCHECKED') {
        ctx.partialErrors.push(targetError(entry, health.lastError, path));
        return [];
      }
      try {
        return await read(ctx.at(entry.target));
      } catch (err) {
        const code = err instanceof GraphQLError ? err.extensions.code : undefined;
        if (code !== 'ACCESS_DENIED' && code !== 'CREDENTIALS_MISSING' && code !== 'UPSTREAM_UNAVAILABLE')
          throw err;
        const failure: TargetFailure = {
          code: code as TargetFailure['code'],
          message: (err as GraphQLError).message,
        };
        ctx.partialErrors.push(targetError(entry, failure, path));
        return [];
      }
    }),
  );
  return parts.flat();
}
