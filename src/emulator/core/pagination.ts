import { randomBytes } from 'node:crypto';
import { awsError, validationError } from './errors';

/** One page of a list, and the token for the next if any. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Issues opaque `nextToken`s and remembers what each one means.
 *
 * A token the emulator never issued (forged), issued for another list, or
 * issued before a reset (stale) gets `InvalidNextTokenException`, as in AWS.
 */
export class TokenRegistry {
  private tokens = new Map<string, { scope: string; offset: number }>();

  /** Pages `all` from the offset the token stands for, issuing a token for the rest. */
  page<T>(scope: string, all: readonly T[], maxResults: number, nextToken: string | undefined): Page<T> {
    const start = nextToken === undefined ? 0 : this.resolve(scope, nextToken);
    const items = all.slice(start, start + maxResults);
    const end = start + items.length;
    return { items, nextToken: end < all.length ? this.issue(scope, end) : undefined };
  }

  clear(): void {
    this.tokens.clear();
  }

  private issue(scope: string, offset: number): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { scope, offset });
    // Bound memory: tokens are cheap to reissue, so forget the oldest.
    if (this.tokens.size > 50_000) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    return token;
  }

  private resolve(scope: string, token: string): number {
    if (token.length < 1 || token.length > 2048) {
      throw validationError('nextToken must be from 1 to 2048 characters');
    }
    const entry = this.tokens.get(token);
    if (!entry || entry.scope !== scope) {
      throw awsError(
        'InvalidNextTokenException',
        'The next token was specified in an invalid format. Make sure that the next token you provide is the token returned by a previous call.',
      );
    }
    return entry.offset;
  }
}
