import { type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type DataLoader from 'dataloader';
import { type Target } from '../aws/target';
import { createCachedLoader, type CachedLoaderSpec } from './cached-loader';
import { invalidationTags } from './invalidation-tags';
import { type LoaderRuntime } from './runtime';
import { type RequestTrace } from './trace';
import { type CacheTtls } from './ttl';

/**
 * What every group of CodePipeline loaders of one request shares, so each
 * domain file builds its loaders the same way on the same cache and bounds.
 */
export interface LoaderKit {
  target: Target;
  client: CodePipelineClient;
  ttls: CacheTtls;
  /** A cached, bounded, single-flighted DataLoader for one CodePipeline read. */
  make<K, V>(spec: CachedLoaderSpec<K, V>): DataLoader<K, V, string>;
  /** The invalidation tags of a pipeline's runtime data (state, executions). */
  runtimeTag(name: string): string[];
}

/** Binds the request's target, client, TTLs, runtime and trace once for all loader groups. */
export function createLoaderKit(
  target: Target,
  client: CodePipelineClient,
  ttls: CacheTtls,
  runtime: LoaderRuntime,
  trace: RequestTrace,
): LoaderKit {
  return {
    target,
    client,
    ttls,
    make: <K, V>(spec: CachedLoaderSpec<K, V>): DataLoader<K, V, string> =>
      createCachedLoader(spec, runtime, trace),
    runtimeTag: (name: string) => [invalidationTags.runtime(target, name)],
  };
}
