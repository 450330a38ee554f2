import { pipelineArn, type Target } from '../../aws/target';
import { invalidationTags } from '../../loaders/invalidation-tags';
import { type MutationEffects } from '../../loaders/write';

/**
 * What each kind of write makes stale. Mutations pick from these rather than
 * naming cache tags themselves, so the rules live in one place.
 */
export const effects = {
  /** Control operations (start, stop, retry, approve, transitions...): live state and executions. */
  runtime: (target: Target, pipelineName: string): MutationEffects => ({
    tags: [invalidationTags.runtime(target, pipelineName)],
    pipelineName,
  }),
  /** Create, update or delete: the declaration, the list, and the runtime (a new version starts a run). */
  definition: (target: Target, pipelineName: string): MutationEffects => ({
    tags: [
      invalidationTags.definition(target, pipelineName),
      invalidationTags.pipelineList(target),
      invalidationTags.runtime(target, pipelineName),
      invalidationTags.tags(target, pipelineArn(target, pipelineName)),
    ],
    pipelineName,
  }),
  /** Tagging: the resource's tags. */
  tags: (target: Target, resourceArn: string): MutationEffects => ({
    tags: [invalidationTags.tags(target, resourceArn)],
  }),
  /** Webhook changes: every page of the webhook list. */
  webhooks: (target: Target): MutationEffects => ({ tags: [invalidationTags.webhookList(target)] }),
  /** Action type changes: the catalog. */
  types: (target: Target): MutationEffects => ({ tags: [invalidationTags.types(target)] }),
  /** Writes that change nothing the graph caches (job results are never cached). */
  none: (): MutationEffects => ({}),
} as const;
