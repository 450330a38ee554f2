import { type OperationContext, type OperationTable } from '../core/context';
import { type Input, maxResults, optionalString, requireString } from '../core/input';
import { checkTagKeys, checkTags, mergeTags } from '../validation/tags';
import { requireTaggedResource } from './pipelines/tagged-resources';

function resourceArn(input: Input, ctx: OperationContext): string {
  const arn = requireString(input, 'resourceArn', { min: 1, max: 1011 });
  requireTaggedResource(ctx.state, ctx.target, arn);
  return arn;
}

/** Adds tags, overwriting the values of keys the resource already has. */
function tagResource(input: Input, ctx: OperationContext) {
  const arn = resourceArn(input, ctx);
  const tags = checkTags(input.tags);
  ctx.state.tags.set(arn, mergeTags(ctx.state.tags.get(arn) ?? [], tags));
  return {};
}

/** Removes tags by key; keys the resource does not have are ignored. */
function untagResource(input: Input, ctx: OperationContext) {
  const arn = resourceArn(input, ctx);
  const keys = new Set(checkTagKeys(input.tagKeys));
  const remaining = (ctx.state.tags.get(arn) ?? []).filter((t) => !keys.has(t.key as string));
  if (remaining.length > 0) ctx.state.tags.set(arn, remaining);
  else ctx.state.tags.delete(arn);
  return {};
}

function listTagsForResource(input: Input, ctx: OperationContext) {
  const arn = resourceArn(input, ctx);
  const limit = maxResults(input, 100, 100);
  const nextToken = optionalString(input, 'nextToken', { min: 1, max: 2048 });
  const page = ctx.tokens.page(`ListTagsForResource:${arn}`, ctx.state.tags.get(arn) ?? [], limit, nextToken);
  return { tags: page.items, nextToken: page.nextToken };
}

/**
 * Tagging of pipelines, webhooks and custom action types. Tags live in
 * `state.tags` by resource ARN, so every owner of a taggable resource shares
 * one store.
 */
export const tagsOperations: OperationTable = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
