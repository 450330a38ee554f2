import { GraphQLError } from 'graphql';
import { type Target } from '../../aws/target';
import { type LedgerCoverage, type LedgerExecution, ledgerExecution } from '../../loaders/execution-ledger';
import { allPages } from '../../loaders/upstream-page';
import { canSee, matchesGlob } from '../auth/principal';
import { type GatewayContext } from '../context';
import { ErrorCode } from '../errors/error-codes';
import { callerReaches, sortedEntries, type TargetEntry } from '../target/directory';
import { type InsightsContext } from './insights-context';

/**
 * Brings the ledger up to date for the pipelines an insight reads, within
 * the request's scan calls: a pipeline the live side keeps current costs
 * nothing; one whose coverage is old reads its newest executions until they
 * meet what was covered; one never covered reads back to the window's start.
 * Whatever is read lands in the ledger, so the next request reads nothing.
 */

/** ListPipelineExecutions' largest page. */
const SCAN_PAGE_SIZE = 100;

/** The codes that leave a pipeline short rather than failing the whole answer. */
const SHORT_CODES = new Set<unknown>([
  ErrorCode.THROTTLED,
  ErrorCode.UPSTREAM_UNAVAILABLE,
  ErrorCode.ACCESS_DENIED,
  ErrorCode.CREDENTIALS_MISSING,
]);

/** One pipeline an insight covers. */
export interface ScopedPipeline {
  entry: TargetEntry;
  view: GatewayContext;
  name: string;
}

/** The insights part of the context, or an error saying the gateway was built without it. */
export function insightsOf(ctx: GatewayContext): InsightsContext {
  if (!ctx.insights)
    throw new GraphQLError('insights are not configured', { extensions: { code: ErrorCode.INTERNAL } });
  // The ledger changes with every poll, unseen by the response cache's dependencies: never reuse such an answer.
  ctx.trace.markUncacheable();
  return ctx.insights;
}

/** The targets and pipelines in the caller's scopes that a filter selects (lists are cached loader reads). */
export async function pipelinesInScope(
  ctx: GatewayContext,
  filter:
    { accounts?: string[] | null; regions?: string[] | null; names?: string[] | null } | undefined | null,
): Promise<ScopedPipeline[]> {
  const entries = sortedEntries(ctx.targets.entries).filter(
    (entry) =>
      callerReaches(ctx.caller, entry.target) &&
      (!filter?.accounts || filter.accounts.includes(entry.target.accountId)) &&
      (!filter?.regions || filter.regions.includes(entry.target.region)),
  );
  const found: ScopedPipeline[] = [];
  for (const entry of entries) {
    const view = ctx.at(entry.target);
    const summaries = await allPages((token) => view.loaders.pipelinesPage.load({ size: 1000, token }));
    for (const summary of summaries) {
      const name = summary.name;
      if (!name || !canSee(view.principal, name)) continue;
      if (filter?.names && !filter.names.some((glob) => matchesGlob(glob, name))) continue;
      found.push({ entry, view, name });
    }
  }
  return found;
}

function isFresh(coverage: LedgerCoverage | undefined, sinceMs: number, insights: InsightsContext): boolean {
  return (
    coverage !== undefined &&
    insights.now() - coverage.checkedAtMs <= insights.settings.freshMs &&
    (coverage.complete || coverage.fromMs <= sinceMs)
  );
}

/** Reads a pipeline's newest executions until they meet the coverage or pass `sinceMs`; false when cut short. */
async function scan(
  insights: InsightsContext,
  item: ScopedPipeline,
  coverage: LedgerCoverage | undefined,
  sinceMs: number,
): Promise<boolean> {
  const { report, settings } = insights;
  const coveredSince = coverage !== undefined && (coverage.complete || coverage.fromMs <= sinceMs);
  const read: LedgerExecution[] = [];
  let token: string | undefined;
  let reachedEnd = false;
  let whole = false;
  while (report.scanCalls < settings.scanCalls) {
    report.scanCalls += 1;
    try {
      const page = await item.view.loaders.executionsPage.load({
        pipelineName: item.name,
        size: SCAN_PAGE_SIZE,
        token,
      });
      read.push(...page.items.map((summary) => ledgerExecution(summary)));
      token = page.nextToken;
    } catch (err) {
      if (err instanceof GraphQLError && SHORT_CODES.has(err.extensions.code)) break;
      throw err;
    }
    const oldest = Math.min(...read.map((e) => e.startMs ?? Infinity));
    reachedEnd = token === undefined;
    // Newest first: once a page reaches back into the coverage (or the window's start), nothing is missing.
    whole = reachedEnd || oldest <= (coveredSince ? (coverage as LedgerCoverage).checkedAtMs : sinceMs);
    if (whole) break;
  }
  if (read.length > 0 || reachedEnd) {
    await insights.ledger.recordHead(item.entry.target, item.name, read, reachedEnd, insights.now());
  }
  return whole;
}

/**
 * Makes sure the ledger holds each pipeline's executions from `sinceMs` on,
 * scanning where needed within the request's scan calls, and notes in the
 * request's report which pipelines were indexed, scanned or left short.
 */
export async function ensureCovered(
  insights: InsightsContext,
  pipelines: readonly ScopedPipeline[],
  sinceMs: number,
): Promise<void> {
  const { report, ledger } = insights;
  report.pipelines += pipelines.length;
  const byTarget = new Map<Target, ScopedPipeline[]>();
  for (const item of pipelines)
    byTarget.set(item.entry.target, [...(byTarget.get(item.entry.target) ?? []), item]);
  for (const [target, items] of byTarget) {
    const coverages = await ledger.coverage(
      target,
      items.map((item) => item.name),
    );
    for (const [i, item] of items.entries()) {
      const coverage = coverages[i];
      if (isFresh(coverage, sinceMs, insights)) {
        report.indexed += 1;
        continue;
      }
      report.scanned += 1;
      if (!(await scan(insights, item, coverage, sinceMs))) {
        report.incomplete.push(`${target.accountId}/${target.region}/${item.name}`);
      }
    }
  }
}
