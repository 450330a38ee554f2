import { badUserInput } from '../errors/graphql-errors';
import { type PageKey } from '../../loaders/keys';
import { type UpstreamPage } from '../../loaders/codepipeline-loaders';
import { type InHand, then } from '../../loaders/in-hand';
import { type Connection, type Edge } from './connection.type';
import { type PageInfo } from './page-info.type';

/** Where an edge sits upstream: the page it came from and its offset in it. */
interface CursorPosition {
  /** Upstream token of the page (absent for the first page). */
  t?: string;
  /** Page size used upstream. */
  s: number;
  /** Offset within that page. */
  o: number;
}

/** How a list pages: its largest allowed page and the default. */
export interface PagingLimits {
  /** The upstream `maxResults` ceiling of this list. */
  upstreamMax: number;
  /** The largest `first` a client may ask for. */
  maxFirst: number;
  defaultFirst: number;
}

/**
 * Page sizes are bucketed, so fields asking for 1 or 5 items (latestExecution
 * and executions(first: 5), say) read the same upstream page and the same
 * cache entry instead of two.
 */
const BUCKETS = [10, 25, 50, 100, 250, 500, 1000];

function bucket(first: number, upstreamMax: number): number {
  return Math.min(BUCKETS.find((b) => b >= first) ?? upstreamMax, upstreamMax);
}

/** Encodes an upstream position as an opaque Relay cursor. */
export function encodeCursor(position: CursorPosition): string {
  const encode = () => Buffer.from(JSON.stringify(position)).toString('base64url');
  if (position.t !== undefined) return encode();
  // Positions in a first page are few (size x offset) and read by every dashboard: encoded once each.
  let bySize = firstPageCursors.get(position.s);
  if (!bySize) firstPageCursors.set(position.s, (bySize = []));
  return (bySize[position.o] ??= encode());
}

/** Cursors of positions in a list's first page, by page size and offset (at most 1,000 x 1,000). */
const firstPageCursors = new Map<number, string[]>();

function decodeCursor(cursor: string, limits: PagingLimits): CursorPosition {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPosition>;
    if (
      typeof p.s === 'number' &&
      Number.isInteger(p.s) &&
      p.s >= 1 &&
      p.s <= limits.upstreamMax &&
      typeof p.o === 'number' &&
      Number.isInteger(p.o) &&
      p.o >= 0 &&
      (p.t === undefined || typeof p.t === 'string')
    ) {
      return { t: p.t, s: p.s, o: p.o };
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput('`after` is not a cursor this list issued', 'after');
}

/** Checks `first` against the limits, naming the argument when it is out of range. */
export function checkFirst(first: number | undefined | null, limits: PagingLimits): number {
  // MAX_PAGE_SIZE caps the default too: a list's default never reads more than a client may ask for.
  if (first === undefined || first === null) return Math.min(limits.defaultFirst, limits.maxFirst);
  if (!Number.isInteger(first) || first < 0 || first > limits.maxFirst) {
    throw badUserInput(`\`first\` must be from 0 to ${limits.maxFirst}`, 'first');
  }
  return first;
}

/** An edge whose cursor is encoded when a client selects it: most lists are read for their nodes only. */
class PageEdge<N> implements Edge<N> {
  constructor(
    readonly node: N,
    private readonly position: CursorPosition,
  ) {}

  get cursor(): string {
    return encodeCursor(this.position);
  }
}

/** Page info whose cursors are read from the edges when selected. */
class EdgesPageInfo implements PageInfo {
  readonly hasPreviousPage = false;

  constructor(
    private readonly edges: readonly Edge<unknown>[],
    readonly hasNextPage: boolean,
  ) {}

  get startCursor(): string | undefined {
    return this.edges[0]?.cursor;
  }

  get endCursor(): string | undefined {
    return this.edges[this.edges.length - 1]?.cursor;
  }
}

/** The page info of a page of edges. */
export function pageInfoOf(edges: readonly Edge<unknown>[], hasNextPage: boolean): PageInfo {
  return new EdgesPageInfo(edges, hasNextPage);
}

/**
 * A Relay connection over an upstream list that pages with `nextToken`.
 * Reads only the upstream pages it needs, through the given (cached,
 * batched) page loader. With the pages in hand (the loader's `read`), the
 * connection is built without a promise.
 */
export function paginate<T, N = T>(
  args: { first?: number | null; after?: string | null },
  limits: PagingLimits,
  loadPage: (key: PageKey) => InHand<UpstreamPage<T>>,
  toNode: (item: T) => N = (item) => item as unknown as N,
): InHand<Connection<N>> {
  const first = checkFirst(args.first, limits);
  const edges: Edge<N>[] = [];
  if (first === 0) {
    return { edges, pageInfo: { hasNextPage: true, hasPreviousPage: false } };
  }
  const after = args.after ? decodeCursor(args.after, limits) : undefined;
  const start: CursorPosition = after
    ? { ...after, o: after.o + 1 }
    : { s: bucket(first, limits.upstreamMax), o: 0 };
  const finish = (hasNextPage: boolean): Connection<N> => ({
    edges,
    pageInfo: pageInfoOf(edges, hasNextPage),
  });
  // One upstream page, then the next one if the connection is not full yet.
  const step = (position: CursorPosition): InHand<Connection<N>> =>
    then(loadPage({ size: position.s, token: position.t }), (page) => {
      const available = page.items.slice(position.o);
      const taken = available.slice(0, first - edges.length);
      taken.forEach((item, i) => {
        edges.push(new PageEdge(toNode(item), { t: position.t, s: position.s, o: position.o + i }));
      });
      if (edges.length >= first) {
        return finish(available.length > taken.length || page.nextToken !== undefined);
      }
      if (!page.nextToken) return finish(false);
      return step({ t: page.nextToken, s: position.s, o: 0 });
    });
  return step(start);
}
