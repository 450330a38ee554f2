import { type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { type Target } from '../aws/target';
import { createCatalogAndWebhooksLoaders } from './catalog-and-webhooks-loaders';
import { createExecutionsAndHistoryLoaders } from './executions-and-history-loaders';
import { createJobLoaders } from './job-loaders';
import { createLoaderKit } from './loader-kit';
import { createPipelinesAndStateLoaders } from './pipelines-and-state-loaders';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';
import { type CacheTtls } from './ttl';

export { type UpstreamPage } from './upstream-page';

/**
 * The per-request loaders of one target: one DataLoader per CodePipeline
 * read, all sharing the process's cache, single-flight table and bounds.
 */
export function createCodePipelineLoaders(
  target: Target,
  client: CodePipelineClient,
  ttls: CacheTtls,
  runtime: LoaderRuntime,
  trace: RequestTrace,
) {
  const kit = createLoaderKit(target, client, ttls, runtime, trace);
  return {
    ...createPipelinesAndStateLoaders(kit),
    ...createExecutionsAndHistoryLoaders(kit),
    ...createCatalogAndWebhooksLoaders(kit),
    ...createJobLoaders(kit),
  };
}

/** The loaders of one request. */
export type CodePipelineLoaders = ReturnType<typeof createCodePipelineLoaders>;
