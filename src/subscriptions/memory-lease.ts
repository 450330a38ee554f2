import { randomUUID } from 'node:crypto';
import { type Lease } from './contracts';

/**
 * The lease of a single process: there is no one to share polling with, so
 * it is held whenever asked for. `release()` gives it up until the next
 * `tryAcquire()`, which keeps the poller's start/stop logic the same as
 * with Redis.
 */
export class MemoryLease implements Lease {
  private isHeld = false;

  constructor(readonly holderId: string = randomUUID()) {}

  get held(): boolean {
    return this.isHeld;
  }

  async tryAcquire(): Promise<boolean> {
    this.isHeld = true;
    return true;
  }

  async release(): Promise<void> {
    this.isHeld = false;
  }
}
