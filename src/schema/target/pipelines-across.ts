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
import { checkFirst, pageInfoOf, paginate, type PagingLimits } from '../connection/paginate';
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

/** Cursors of the list across targets already encoded, by target and inner cursor. */
const acrossCursors = new Map<string, Map<string, string>>();
const MAX_ACROSS_CURSORS = 10_000;

/** An edge of the list across targets: its cursor, encoded when selected, wraps its place in its target's list. */
class AcrossEdge implements Edge<Pipeline> {
  constructor(
    private readonly targetKey: string,
    private readonly inner: Edge<Pipeline>,
  ) {}

  get node(): Pipeline {
    return this.inner.node;
  }

  get cursor(): string {
    const inner = this.inner.cursor;
    let byInner = acrossCursors.get(this.targetKey);
    if (!byInner) acrossCursors.set(this.targetKey, (byInner = new Map()));
    let cursor = byInner.get(inner);
    if (cursor === undefined) {
      // Bounded: positions past the first pages carry upstream tokens, which are many and short-lived.
      if (byInner.size >= MAX_ACROSS_CURSORS) byInner.clear();
      byInner.set(inner, (cursor = encode({ k: this.targetKey, c: inner })));
    }
    return cursor;
  }
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

/** Pipeline nodes by list entry: a warm list hands every request the same entries, and nodes are never mutated. */
const bySummary = new WeakMap<PipelineSummary, Pipeline>();

/** The pipeline node of a summary in a target, built once per entry. */
function pipelineNode(target: Target, summary: PipelineSummary): Pipeline {
  const known = bySummary.get(summary);
  if (known?.target === target) return known;
  const name = summary.name ?? '';
  const node = new Pipeline(target, name, toGlobalId('Pipeline', target, name), { summary });
  bySummary.set(summary, node);
  return node;
}

/** One target's part of a page: its connection, or why it cannot be read. */
type TargetPage =
  { entry: TargetEntry; page: Connection<Pipeline> } | { entry: TargetEntry; failure: TargetFailure };

async function targetPage(
  ctx: GatewayContext,
  entry: TargetEntry,
  limits: PagingLimits,
  first: number,
  after: string | undefined,
  names: string[] | undefined | null,
): Promise<TargetPage> {
  const health = ctx.targets.health(entry.target);
  if (health.lastError && health.status !== 'OK' && health.status !== 'UNCHECKED') {
    return { entry, failure: health.lastError };
  }
  const view = ctx.at(entry.target);
  try {
    const page = await paginate(
      { first, after },
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
    return { entry, page };
  } catch (err) {
    if (!(err instanceof GraphQLError) || !TARGET_CODES.has(err.extensions.code)) throw err;
    const { code, awsErrorName } = err.extensions;
    return {
      entry,
      failure: {
        code: code as TargetFailure['code'],
        message: err.message,
        // The AWS exception behind the outage stays visible, as it is on any other upstream error.
        ...(typeof awsErrorName === 'string' ? { awsErrorName } : {}),
      },
    };
  }
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
  // Every target's page is read at once: one round trip for the lists whatever the number of targets.
  const pages = await Promise.all(
    entries
      .slice(start)
      .map((entry, j) => targetPage(ctx, entry, limits, first, j === 0 ? innerAfter : undefined, names)),
  );
  let hasNextPage = false;
  for (const result of pages) {
    if ('failure' in result) {
      ctx.partialErrors.push(targetError(result.entry, result.failure, ['pipelines']));
      continue;
    }
    const key = targetKey(result.entry.target);
    const room = first - edges.length;
    if (room <= 0) {
      hasNextPage ||= result.page.edges.length > 0;
      continue;
    }
    for (const edge of result.page.edges.slice(0, room)) edges.push(new AcrossEdge(key, edge));
    if (result.page.edges.length > room || (result.page.pageInfo.hasNextPage && edges.length >= first)) {
      hasNextPage = true;
    }
  }
  return { edges, pageInfo: pageInfoOf(edges, hasNextPage) };
}
