import {
  type GetPipelineOutput,
  GetPipelineCommand,
  GetPipelineStateCommand,
  type GetPipelineStateOutput,
  ListPipelinesCommand,
  type PipelineSummary,
} from '@aws-sdk/client-codepipeline';
import { cacheKey } from '../cache/keys';
import { invalidationTags } from './invalidation-tags';
import { type PageKey, type PipelineKey } from './keys';
import { type LoaderKit } from './loader-kit';
import { type UpstreamPage } from './upstream-page';

/** Loaders for the pipeline list, pipeline declarations and pipeline state: what a dashboard reads first. */
export function createPipelinesAndStateLoaders({ target, ttls, read, runtimeTag }: LoaderKit) {
  return {
    pipelinesPage: read<PageKey, UpstreamPage<PipelineSummary>>({
      operation: 'ListPipelines',
      kind: 'pipelines',
      cacheKey: (k) => cacheKey('pipelines', target, k.size, k.token),
      tags: () => [invalidationTags.pipelineList(target)],
      freshMs: () => ttls.listMs,
      fetch: async (k, send) => {
        const out = await send(new ListPipelinesCommand({ maxResults: k.size, nextToken: k.token }));
        return { items: out.pipelines ?? [], nextToken: out.nextToken };
      },
    }),

    pipeline: read<PipelineKey, GetPipelineOutput>({
      operation: 'GetPipeline',
      kind: 'pipeline',
      cacheKey: (k) => cacheKey('pipeline', target, k.name, k.version ?? 'latest'),
      tags: (k) => (k.version === undefined ? [invalidationTags.definition(target, k.name)] : []),
      freshMs: (_v, k) => (k.version === undefined ? ttls.latestDeclarationMs : ttls.declarationMs),
      fetch: async (k, send) => {
        const out = await send(new GetPipelineCommand({ name: k.name, version: k.version }));
        return { pipeline: out.pipeline, metadata: out.metadata };
      },
    }),

    pipelineState: read<string, GetPipelineStateOutput>({
      operation: 'GetPipelineState',
      kind: 'state',
      cacheKey: (name) => cacheKey('state', target, name),
      tags: runtimeTag,
      freshMs: () => ttls.stateMs,
      fetch: async (name, send) => {
        const { $metadata: _m, ...out } = await send(new GetPipelineStateCommand({ name }));
        return out;
      },
    }),
  };
}
