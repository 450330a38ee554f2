import type { Tag } from '@aws-sdk/client-codepipeline';
import { awsError, validationError } from '../core/errors';
import { isAbsent, memberPath, requireList, requireObj } from './fields';

/** Tags per resource, the AWS quota. */
export const MAX_TAGS = 50;

function invalidTags(message: string): Error {
  return awsError('InvalidTagsException', message);
}

function checkKey(key: unknown, path: string): string {
  if (isAbsent(key)) {
    throw validationError(
      `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof key !== 'string') throw validationError(`${path} must be a string`);
  if (key.length < 1 || key.length > 128)
    throw invalidTags(`Tag keys must be 1 to 128 characters long: '${key}'`);
  if (key.toLowerCase().startsWith('aws:')) {
    throw invalidTags(`Tag keys starting with 'aws:' are reserved for AWS use: '${key}'`);
  }
  return key;
}

/**
 * Checks a list of tags as CreatePipeline, PutWebhook and TagResource take
 * them: keys 1..128 characters, not `aws:`-prefixed and unique; values 0..256
 * characters; at most {@link MAX_TAGS}. Missing members are a
 * `ValidationException`; bad keys and values an `InvalidTagsException`.
 */
export function checkTags(v: unknown, path = 'tags'): Tag[] {
  const list = requireList(path, v);
  if (list.length > MAX_TAGS)
    throw awsError('TooManyTagsException', `A resource can have at most ${MAX_TAGS} tags`);
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const p = memberPath(path, i);
    const tag = requireObj(p, raw);
    const key = checkKey(tag.key, `${p}.key`);
    const value = tag.value;
    if (isAbsent(value)) {
      throw validationError(
        `1 validation error detected: Value null at '${p}.value' failed to satisfy constraint: Member must not be null`,
      );
    }
    if (typeof value !== 'string') throw validationError(`${p}.value must be a string`);
    if (value.length > 256)
      throw invalidTags(`Tag values must be at most 256 characters long (key '${key}')`);
    if (seen.has(key)) throw invalidTags(`Tag key '${key}' is given more than once`);
    seen.add(key);
    return { key, value };
  });
}

/** Checks the keys of UntagResource. */
export function checkTagKeys(v: unknown, path = 'tagKeys'): string[] {
  return requireList(path, v).map((k, i) => checkKey(k, memberPath(path, i)));
}

/**
 * Applies `incoming` over `existing` (same keys are overwritten, as
 * TagResource does), refusing a result above the quota.
 */
export function mergeTags(existing: readonly Tag[], incoming: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.key as string, t.value ?? '']));
  for (const t of incoming) merged.set(t.key as string, t.value ?? '');
  if (merged.size > MAX_TAGS) {
    throw awsError('TooManyTagsException', `A resource can have at most ${MAX_TAGS} tags`);
  }
  return [...merged].map(([key, value]) => ({ key, value }));
}
