import { type Target } from '../aws/target';
import { type PipelineEventData } from '../schema/subscriptions/pipeline-event';

/**
 * The parts of change detection, each with a Redis implementation (shared by
 * replicas) and a memory one (a single process). The poller and the live
 * event source are written against these only.
 */

/** An event before the bus has given it a cursor. */
export type NewPipelineEvent = Omit<PipelineEventData, 'cursor'>;

/** Fan-out with replay: a capped log per pipeline plus live delivery to every replica. */
export interface EventBus {
  /** Appends events of one pipeline to its log (assigning cursors, in order) and delivers them everywhere. */
  publish(target: Target, pipelineName: string, events: NewPipelineEvent[]): Promise<PipelineEventData[]>;
  /** Events of a pipeline after `cursor`, oldest first (at most the log's cap). */
  replay(target: Target, pipelineName: string, afterCursor: string): Promise<PipelineEventData[]>;
  /** Every event published anywhere reaches `listener` on this replica, in per-pipeline order. Returns an unsubscribe. */
  onEvent(listener: (event: PipelineEventData) => void): () => void;
  close(): Promise<void>;
}

/** Which pipelines have subscribers anywhere; only those are polled. */
export interface WatchRegistry {
  /** Adds one local watcher of a pipeline (`*` for all pipelines). Returns the release function. */
  watch(target: Target, pipelineName: string): () => void;
  /** Every pipeline watched on any live replica, and whether anyone watches all. */
  watched(target: Target): Promise<{ all: boolean; names: string[] }>;
  close(): Promise<void>;
}

/** The single poller's lease: at most one holder at a time, lost when the holder stops renewing. */
export interface Lease {
  /** Tries to take or renew the lease; true while this replica holds it. */
  tryAcquire(): Promise<boolean>;
  /** Gives the lease up if held. */
  release(): Promise<void>;
  readonly held: boolean;
  readonly holderId: string;
}

/** The last snapshot of each pipeline, so a new leader neither re-emits nor misses transitions. */
export interface SnapshotStore {
  get(target: Target, pipelineName: string): Promise<string | undefined>;
  set(target: Target, pipelineName: string, snapshot: string): Promise<void>;
}
