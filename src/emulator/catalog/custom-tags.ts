import type { Tag } from '@aws-sdk/client-codepipeline';
import { awsError } from '../core/errors';
import { type Input, optionalArray } from '../core/input';
import { type EmulatorTarget } from '../core/context';

/** AWS's per-resource tag limit. */
export const MAX_TAGS = 50;

/** The ARN tags of a custom action type are stored under, as AWS forms it. */
export function actionTypeArn(
  target: EmulatorTarget,
  id: { category?: string; provider?: string; version?: string },
): string {
  return `arn:aws:codepipeline:${target.region}:${target.accountId}:actiontype:Custom/${id.category}/${id.provider}/${id.version}`;
}

/**
 * The optional `tags` of a create request. Malformed tags are
 * `InvalidTagsException` (not ValidationException) and too many are
 * `TooManyTagsException`, as CreateCustomActionType documents.
 */
export function parseTags(input: Input): Tag[] | undefined {
  const list = optionalArray(input, 'tags');
  if (list === undefined) return undefined;
  if (list.length > MAX_TAGS) {
    throw awsError('TooManyTagsException', `Tags exceed the limit of ${MAX_TAGS} for the resource`);
  }
  const keys = new Set<string>();
  return list.map((raw) => {
    const t = (raw ?? {}) as Input;
    const key = t['key'];
    const value = t['value'];
    if (typeof key !== 'string' || key.length < 1 || key.length > 128) {
      throw awsError('InvalidTagsException', 'Tag keys must be strings of 1 to 128 characters');
    }
    if (typeof value !== 'string' || value.length > 256) {
      throw awsError(
        'InvalidTagsException',
        `The value of tag ${key} must be a string of at most 256 characters`,
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw awsError('InvalidTagsException', `Tag key ${key} uses the reserved prefix aws:`);
    }
    if (keys.has(key)) throw awsError('InvalidTagsException', `Duplicate tag key ${key}`);
    keys.add(key);
    return { key, value };
  });
}
