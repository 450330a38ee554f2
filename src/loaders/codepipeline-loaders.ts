import { createCatalogAndWebhooksLoaders } from './catalog-and-webhooks-loaders';
import { createExecutionsAndHistoryLoaders } from './executions-and-history-loaders';
import { createJobLoaders } from './job-loaders';
import { type LoaderKit, type LoaderOf } from './loader-kit';
import { createPipelinesAndStateLoaders } from './pipelines-and-state-loaders';

export { type UpstreamPage } from './upstream-page';

/**
 * The reads of one target, declared once per target: the specs here are the
 * only place a read's cache key, TTL and tags are written. Each request (and
 * each poll) binds them to loaders of its own (`bindReads`), all sharing the
 * process's cache, single-flight table, bounds and budget.
 */
export function codePipelineReads(kit: LoaderKit) {
  return {
    ...createPipelinesAndStateLoaders(kit),
    ...createExecutionsAndHistoryLoaders(kit),
    ...createCatalogAndWebhooksLoaders(kit),
    ...createJobLoaders(kit),
  };
}

/** The declared reads of one target. */
export type CodePipelineReads = ReturnType<typeof codePipelineReads>;

/** The loaders of one request (or one poll): one per read. */
export type CodePipelineLoaders = { [N in keyof CodePipelineReads]: LoaderOf<CodePipelineReads[N]> };
