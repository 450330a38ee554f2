import { type Target, targetKey } from '../aws/target';
import { type SnapshotStore } from './contracts';

/**
 * The last snapshot of each pipeline, in process. Enough for one process:
 * a poller restarted within it (or a second poller sharing this store) picks
 * up where the last one stopped.
 */
export class MemorySnapshotStore implements SnapshotStore {
  private snapshots = new Map<string, string>();

  async get(target: Target, pipelineName: string): Promise<string | undefined> {
    return this.snapshots.get(`${targetKey(target)}|${pipelineName}`);
  }

  async set(target: Target, pipelineName: string, snapshot: string): Promise<void> {
    this.snapshots.set(`${targetKey(target)}|${pipelineName}`, snapshot);
  }
}
