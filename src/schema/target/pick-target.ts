import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';
import { badUserInput } from '../errors/graphql-errors';
import { type Target, targetKey } from '../../aws/target';
import { describeTarget, type TargetFailure } from '../../aws/target-health';
import { callerReaches, type TargetAware, type TargetEntry } from './directory';
import { targetError } from './target-errors';

/**
 * Which target a lookup or a write means. Given an account and a region it
 * is that target; with one target configured, it is that one; otherwise the
 * pipeline is looked for in every target the caller reaches, and a name
 * found in more than one is `BAD_USER_INPUT` naming the candidates.
 */

/** An account and a region as a client may give them (either may be left out). */
export interface TargetArgs {
  account?: string | null;
  region?: string | null;
}

/** How entries are named in messages: `prod (111111111111/us-east-1)`. */
export function entryName(entry: TargetEntry): string {
  return describeTarget({ account: entry.target.accountId, region: entry.target.region, alias: entry.alias });
}

/** The targets matching the arguments within the caller's reach, in the graph's order. */
export function candidates(ctx: TargetAware, args: TargetArgs): TargetEntry[] {
  const account = args.account ?? undefined;
  const region = args.region ?? undefined;
  if (account !== undefined && !/^\d{12}$/.test(account))
    throw badUserInput('`account` must be 12 digits', 'account');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw badUserInput('`region` is not a region name', 'region');
  }
  return ctx.targets.entries.filter(
    (entry) =>
      (account === undefined || entry.target.accountId === account) &&
      (region === undefined || entry.target.region === region) &&
      callerReaches(ctx.caller, entry.target),
  );
}

/** The refusal for a name found in several targets. */
export function ambiguous(pipelineName: string, found: readonly TargetEntry[]): GraphQLError {
  return new GraphQLError(
    `Pipeline ${pipelineName} exists in ${found.length} targets: ${found.map(entryName).join(', ')}. ` +
      'Give `account` and `region` to choose one.',
    {
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        field: 'account',
        candidates: found.map((entry) => ({
          account: entry.target.accountId,
          region: entry.target.region,
          alias: entry.alias ?? null,
        })),
      },
    },
  );
}

/**
 * The one target a pipeline lives in: `exists` is asked of each candidate
 * (a cached GetPipeline), in parallel. Undefined when it is in none.
 * Targets that cannot be reached are left out, their errors kept for the answer.
 */
export async function targetOfPipeline(
  ctx: TargetAware,
  args: TargetArgs,
  pipelineName: string,
  exists: (target: Target) => Promise<boolean>,
): Promise<Target | undefined> {
  const within = candidates(ctx, args);
  if (within.length <= 1) return within[0]?.target;
  const found: TargetEntry[] = [];
  await Promise.all(
    within.map(async (entry) => {
      try {
        if (await exists(entry.target)) found.push(entry);
      } catch (err) {
        if (err instanceof GraphQLError) ctx.partialErrors.push(err);
        else throw err;
      }
    }),
  );
  if (found.length > 1) {
    const order = new Map(within.map((entry, i) => [targetKey(entry.target), i]));
    found.sort((a, b) => (order.get(targetKey(a.target)) ?? 0) - (order.get(targetKey(b.target)) ?? 0));
    throw ambiguous(pipelineName, found);
  }
  return found[0]?.target;
}

/**
 * The target a write that names no pipeline means (webhooks, jobs, custom
 * action types): the only one in reach, or the one the arguments name.
 */
export function soleTarget(ctx: TargetAware, args: TargetArgs): Target {
  const within = candidates(ctx, args);
  const [only] = within;
  if (within.length === 1 && only) return only.target;
  if (within.length === 0)
    throw badUserInput('No target you may reach has that account and region', 'account');
  throw new GraphQLError(
    `This graph spans ${within.length} targets (${within.map(entryName).join(', ')}): give \`account\` and \`region\`.`,
    { extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'account' } },
  );
}

/** A view that can say whether a pipeline exists for the caller (the context of one target). */
interface PipelineReader {
  principal: { pipelinePatterns: readonly string[] };
  loaders: { pipeline: { load(key: { name: string }): Promise<unknown> } };
}

/**
 * {@link targetOfPipeline} with the usual existence check: the pipeline is
 * within the caller's scopes in that target and GetPipeline (cached) finds it.
 */
export function targetHoldingPipeline<C extends TargetAware & PipelineReader>(
  ctx: C,
  args: TargetArgs,
  pipelineName: string,
  canSee: (principal: C['principal'], name: string) => boolean,
): Promise<Target | undefined> {
  return targetOfPipeline(ctx, args, pipelineName, async (candidate) => {
    const view = ctx.at(candidate);
    if (!canSee(view.principal, pipelineName)) return false;
    try {
      await view.loaders.pipeline.load({ name: pipelineName });
      return true;
    } catch (err) {
      if (err instanceof GraphQLError && err.extensions.code === ErrorCode.NOT_FOUND) return false;
      throw err;
    }
  });
}

/**
 * The context a query that names no pipeline reads (the catalog, webhooks):
 * that of {@link soleTarget}, so it takes `account` and `region` by the same
 * rule as `pipeline(name, account, region)` when the graph spans several.
 */
export function viewOfTarget<C extends TargetAware>(ctx: C, args: TargetArgs): C {
  return ctx.at(soleTarget(ctx, args));
}

/** Codes that say a whole target is out, not that the lookup failed. */
const TARGET_DOWN = new Set<unknown>([
  ErrorCode.ACCESS_DENIED,
  ErrorCode.CREDENTIALS_MISSING,
  ErrorCode.UPSTREAM_UNAVAILABLE,
]);

/**
 * A lookup by an id that is unique across targets (a job's): asked of every
 * target the arguments leave within the caller's reach, in parallel, and
 * answered by the one that knows it (null when none does). With several
 * targets, one that is out adds its error to the answer and the others
 * still answer.
 */
export async function findInTargets<C extends TargetAware, T>(
  ctx: C,
  args: TargetArgs,
  lookup: (view: C) => Promise<T | null>,
): Promise<T | null> {
  const within = candidates(ctx, args);
  const found = await Promise.all(
    within.map(async (entry) => {
      try {
        return await lookup(ctx.at(entry.target));
      } catch (err) {
        if (within.length > 1 && err instanceof GraphQLError && TARGET_DOWN.has(err.extensions.code)) {
          // Named like a list's error for an unreachable target: its code, account, region and alias.
          const code = err.extensions.code as TargetFailure['code'];
          ctx.partialErrors.push(targetError(entry, { code, message: err.message }));
          return null;
        }
        throw err;
      }
    }),
  );
  return found.find((each) => each !== null) ?? null;
}
