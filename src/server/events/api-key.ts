import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented key with the configured one in constant time: both
 * are hashed first, so neither the content nor the length of the secret
 * leaks through how long a refusal takes.
 */
export function keyMatches(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
