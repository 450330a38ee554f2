import { createCatalogAndWebhooksLoaders } from './catalog-and-webhooks-loaders';
import { createExecutionsAndHistoryLoaders } from './executions-and-history-loaders';
import { createJobLoaders } from './job-loaders';
import { type LoaderKit } from './loader-kit';
import { createPipelinesAndStateLoaders } from './pipelines-and-state-loaders';

export { type UpstreamPage } from './upstream-page';

/**
 * The loaders of one target: one DataLoader per CodePipeline read, all
 * sharing the process's cache, single-flight table, bounds and budget. The
 * specs here are the only place a read's cache key, TTL and tags are written.
 */
export function createCodePipelineLoaders(kit: LoaderKit) {
  return {
    ...createPipelinesAndStateLoaders(kit),
    ...createExecutionsAndHistoryLoaders(kit),
    ...createCatalogAndWebhooksLoaders(kit),
    ...createJobLoaders(kit),
  };
}

/** The loaders of one request (or one poll). */
export type CodePipelineLoaders = ReturnType<typeof createCodePipelineLoaders>;
