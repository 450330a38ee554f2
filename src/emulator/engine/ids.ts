import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh UUID, the shape AWS uses for execution, action execution and job ids. */
export function newId(): string {
  return randomUUID();
}

/** A fake 40-hex-digit commit id, so source revisions look like Git commits. */
export function fakeCommitSha(): string {
  return randomBytes(20).toString('hex');
}

/** Random hex of `bytes` bytes, for nonces and credentials. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
