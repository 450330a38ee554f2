import type { GetPipelineStateOutput, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { type Target } from '../aws/target';
import { type Cache, type CacheWrite } from '../cache/cache';
import { encodeValue } from '../cache/codec';
import { type UpstreamPage } from './codepipeline-loaders';
import { invalidationTags } from './invalidation-tags';
import { executionsPageCacheKey, pipelineStateCacheKey } from './keys';
import { type CacheTtls } from './ttl';

/**
 * Writing into the query cache what someone else already fetched. The change
 * detector reads GetPipelineState and the first page of ListPipelineExecutions
 * of every watched pipeline anyway; storing them under the loaders' own keys
 * lets a dashboard refreshing on an event read them for free.
 *
 * The keys, values and tags here must stay exactly those of
 * `createCodePipelineLoaders` (`pipelineState` and `executionsPage`); the
 * test in test/loaders/prime.test.ts proves a primed entry is served by a
 * gateway query with no upstream call.
 */

/** The page size the poller reads and `Pipeline.latestExecution` asks for. */
export const PRIMED_EXECUTIONS_PAGE_SIZE = 10;

/** The cache key of `pipelineState.load(name)`. */
export function pipelineStateKey(target: Target, pipelineName: string): string {
  return pipelineStateCacheKey(target, pipelineName);
}

/** The cache key of `executionsPage.load({ pipelineName, size })`: no token, no filter. */
export function firstExecutionsPageKey(
  target: Target,
  pipelineName: string,
  size = PRIMED_EXECUTIONS_PAGE_SIZE,
): string {
  return executionsPageCacheKey(target, { pipelineName, size });
}

/** What a poll fetched; either member may be absent. */
export interface PrimedValues {
  /** A GetPipelineState output (its `$metadata` is dropped, as the loader drops it). */
  state?: GetPipelineStateOutput;
  /** A ListPipelineExecutions answer for the first page of {@link PRIMED_EXECUTIONS_PAGE_SIZE}, unfiltered. */
  executionsPage?: { pipelineName: string; summaries: PipelineExecutionSummary[]; nextToken?: string };
}

/** The writes {@link primeQueryCache} makes; exposed so callers can batch them with their own. */
export function primeWrites(target: Target, ttls: CacheTtls, values: PrimedValues): CacheWrite[] {
  const writes: CacheWrite[] = [];
  if (values.state?.pipelineName && ttls.stateMs > 0) {
    const { $metadata: _m, ...state } = values.state as GetPipelineStateOutput & { $metadata?: unknown };
    writes.push({
      key: pipelineStateKey(target, state.pipelineName ?? ''),
      value: encodeValue(state),
      freshForMs: ttls.stateMs,
      tags: [invalidationTags.runtime(target, state.pipelineName ?? '')],
    });
  }
  if (values.executionsPage && ttls.executionsMs > 0) {
    const { pipelineName, summaries, nextToken } = values.executionsPage;
    const page: UpstreamPage<PipelineExecutionSummary> = { items: summaries, nextToken };
    writes.push({
      key: firstExecutionsPageKey(target, pipelineName),
      value: encodeValue(page),
      freshForMs: ttls.executionsMs,
      tags: [invalidationTags.runtime(target, pipelineName)],
    });
  }
  return writes;
}

/**
 * Stores freshly fetched state and executions under the query loaders' keys,
 * in one round trip. A cache failure is the caller's to report: priming is
 * an optimisation, never a reason to fail a poll.
 */
export async function primeQueryCache(
  cache: Cache,
  target: Target,
  ttls: CacheTtls,
  values: PrimedValues,
): Promise<void> {
  const writes = primeWrites(target, ttls, values);
  if (writes.length > 0) await cache.setMany(writes);
}
