import { type Target, targetKey } from '../aws/target';
import { remembered } from '../cache/keys';

/**
 * Invalidation tags: the groups of cache entries a change drops together.
 * Mutations (and the change detector) name these; loaders write under them.
 */
export const invalidationTags = {
  /** Live state, executions, action and rule executions and deploy targets of one pipeline. */
  runtime: (target: Target, pipelineName: string) =>
    remembered('tag:runtime', target, [pipelineName], () => `runtime|${targetKey(target)}|${pipelineName}`),
  /** The latest declaration of one pipeline. */
  definition: (target: Target, pipelineName: string) =>
    remembered(
      'tag:definition',
      target,
      [pipelineName],
      () => `definition|${targetKey(target)}|${pipelineName}`,
    ),
  /** Tags of one resource. */
  tags: (target: Target, arn: string) =>
    remembered('tag:tags', target, [arn], () => `tags|${targetKey(target)}|${arn}`),
  /** Every page of the pipeline list. */
  pipelineList: (target: Target) => `pipelines|${targetKey(target)}`,
  /** Every page of the webhook list. */
  webhookList: (target: Target) => `webhooks|${targetKey(target)}`,
  /** Action and rule types. */
  types: (target: Target) => `types|${targetKey(target)}`,
} as const;
