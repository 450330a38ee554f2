import { type PipelineSummary } from '@aws-sdk/client-codepipeline';
import { GraphQLError } from 'graphql';
import { badUserInput } from '../errors/graphql-errors';
import { ErrorCode } from '../errors/error-codes';
import { type Target, targetKey } from '../../aws/target';
import { type TargetFailure } from '../../aws/target-health';
import { matchesGlob } from '../auth/principal';
import { visibleItems } from '../auth/scope';
import { type Connection, type Edge } from '../connection/connection.type';
import { LIMITS } from '../connection/connections';
import { checkFirst, paginate, type PagingLimits } from '../connection/paginate';
import { type GatewayContext } from '../context';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { callerReaches, sortedEntries, type TargetEntry } from './directory';
import { type PipelineFilter } from './pipeline-filter.input';
import { targetError } from './target-errors';

/**
 * `pipelines` across every target, as one list in a stable order (account,
 * region, then CodePipeline's own order of names) behind one opaque cursor,
 * which holds the target and the position inside it. A target that cannot be
 * reached adds one error (its cause's code, naming it) and the list goes on
 * with the others.
 */

/** Where an edge sits: its target and the cursor of its place in that target's list. */
interface AcrossCursor {
  k: string;
  c: string;
}

function encode(cursor: AcrossCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(after: string): AcrossCursor {
  try {
    const parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Partial<AcrossCursor>;
    if (typeof parsed.k === 'string' && typeof parsed.c === 'string') return { k: parsed.k, c: parsed.c };
  } catch {
    // fall through
  }
  throw badUserInput('`after` is not a cursor this list issued', 'after');
}

/** The codes that take a whole target out of a list rather than failing it. */
const TARGET_CODES = new Set<unknown>([
  ErrorCode.CREDENTIALS_MISSING,
  ErrorCode.ACCESS_DENIED,
  ErrorCode.UPSTREAM_UNAVAILABLE,
]);

function inFilter(entry: TargetEntry, filter: PipelineFilter | undefined | null): boolean {
  const { accounts, regions } = filter ?? {};
  return (
    (accounts === undefined || accounts === null || accounts.includes(entry.target.accountId)) &&
    (regions === undefined || regions === null || regions.includes(entry.target.region))
  );
}

/** The pipeline node of a summary in a target. */
function pipelineNode(target: Target, summary: PipelineSummary): Pipeline {
  const name = summary.name ?? '';
  return new Pipeline(target, name, toGlobalId('Pipeline', target, name), { summary });
}

/** One page of `pipelines` across targets. */
export async function pipelinesAcrossTargets(
  ctx: GatewayContext,
  args: { first?: number | null; after?: string | null; filter?: PipelineFilter | null },
): Promise<Connection<Pipeline>> {
  const limits: PagingLimits = { upstreamMax: LIMITS.pipelines, maxFirst: ctx.maxPageSize, defaultFirst: 50 };
  const first = checkFirst(args.first, limits);
  const names = args.filter?.names ?? undefined;
  const entries = sortedEntries(ctx.targets.entries).filter(
    (entry) => inFilter(entry, args.filter) && callerReaches(ctx.caller, entry.target),
  );
  let start = 0;
  let innerAfter: string | undefined;
  if (args.after) {
    const cursor = decode(args.after);
    start = entries.findIndex((entry) => targetKey(entry.target) === cursor.k);
    if (start < 0) throw badUserInput('`after` names a target this list no longer holds', 'after');
    innerAfter = cursor.c;
  }
  const edges: Edge<Pipeline>[] = [];
  if (first === 0) return { edges, pageInfo: { hasNextPage: true, hasPreviousPage: false } };
  let hasNextPage = false;
  for (let i = start; i < entries.length; i += 1) {
    const entry = entries[i] as TargetEntry;
    const failure = ctx.targets.health(entry.target).lastError;
    const status = ctx.targets.health(entry.target).status;
    if (failure && status !== 'OK' && status !== 'UNCHECKED') {
      ctx.partialErrors.push(targetError(entry, failure as TargetFailure, ['pipelines']));
      innerAfter = undefined;
      continue;
    }
    const view = ctx.at(entry.target);
    let page: Connection<Pipeline>;
    try {
      page = await paginate(
        { first: first - edges.length, after: innerAfter },
        limits,
        async (key) => {
          const visible = visibleItems(
            await view.loaders.pipelinesPage.load(key),
            view.principal,
            (p) => p.name,
          );
          if (names === undefined || names === null) return visible;
          return {
            ...visible,
            items: visible.items.filter((p) => names.some((glob) => matchesGlob(glob, p.name ?? ''))),
          };
        },
        (summary: PipelineSummary) => pipelineNode(entry.target, summary),
      );
    } catch (err) {
      if (!(err instanceof GraphQLError) || !TARGET_CODES.has(err.extensions.code)) throw err;
      ctx.partialErrors.push(
        targetError(entry, { code: err.extensions.code as TargetFailure['code'], message: err.message }, [
          'pipelines',
        ]),
      );
      innerAfter = undefined;
      continue;
    }
    innerAfter = undefined;
    for (const edge of page.edges)
      edges.push({ cursor: encode({ k: targetKey(entry.target), c: edge.cursor }), node: edge.node });
    if (edges.length >= first) {
      // More in this target, or targets still to list (which may turn out empty).
      hasNextPage = page.pageInfo.hasNextPage || i < entries.length - 1;
      break;
    }
  }
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor,
      endCursor: edges[edges.length - 1]?.cursor,
    },
  };
}
