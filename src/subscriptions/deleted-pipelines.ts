import { GraphQLError } from 'graphql';
import { type Target } from '../aws/target';
import {
  DELETED_STATE,
  type PipelineEventData,
  PipelineEventKind,
} from '../schema/subscriptions/pipeline-event';
import { type EventBus } from './contracts';

/** True when a poll failed because the pipeline itself no longer exists (not a version or an execution of it). */
export function isPipelineGone(err: unknown): boolean {
  const name = err instanceof GraphQLError ? err.extensions.awsErrorName : (err as { name?: unknown })?.name;
  return name === 'PipelineNotFoundException';
}

/** What {@link DeletedPipelines} needs: where to publish, and whom to tell. */
export interface DeletedPipelinesOptions {
  target: Target;
  bus: EventBus;
  /** Told once when a watched pipeline is found deleted (until it is seen again). */
  onDeleted?: (pipelineName: string) => void;
}

/**
 * The poller's memory of pipelines that no longer exist. A watched pipeline
 * deleted outside the gateway would otherwise fail every poll, forever, while
 * its subscribers wait for changes that cannot come. When a poll finds it
 * gone, this publishes its last event (PIPELINE_DELETED, which ends its
 * subscribers' streams), tells the operator once, and keeps it out of the
 * schedule while anyone still watches it (a `*` watcher, a replica slow to
 * release). A nudge (a new subscriber, a mutation naming it) has it looked at
 * again, since it may have been created anew; it is forgotten once nobody
 * watches it.
 */
export class DeletedPipelines {
  /** Deleted and not polled. */
  private readonly gone = new Set<string>();
  /** Deleted and already told, until seen alive or unwatched: the log says it once. */
  private readonly told = new Set<string>();

  constructor(private readonly options: DeletedPipelinesOptions) {}

  /** Records a pipeline found deleted and publishes its PIPELINE_DELETED event; returns what was published. */
  async found(pipelineName: string, nowMs: number): Promise<PipelineEventData[]> {
    const { target, bus, onDeleted } = this.options;
    this.gone.add(pipelineName);
    const published = await bus.publish(target, pipelineName, [
      {
        kind: PipelineEventKind.PIPELINE_DELETED,
        accountId: target.accountId,
        region: target.region,
        pipelineName,
        state: DELETED_STATE,
        detectedAt: new Date(nowMs).toISOString(),
      },
    ]);
    if (!this.told.has(pipelineName)) {
      this.told.add(pipelineName);
      onDeleted?.(pipelineName);
    }
    return published;
  }

  /** The watched set without the deleted pipelines; forgets deleted pipelines nobody watches any more. */
  withoutDeleted(watched: ReadonlySet<string>): Set<string> {
    for (const name of this.gone) if (!watched.has(name)) this.gone.delete(name);
    for (const name of this.told) if (!watched.has(name)) this.told.delete(name);
    return new Set([...watched].filter((name) => !this.gone.has(name)));
  }

  /** A nudged pipeline is polled again: it may exist anew. */
  recheck(pipelineName: string): void {
    this.gone.delete(pipelineName);
  }

  /** A poll succeeded: the pipeline exists (again), and a later deletion is news. */
  alive(pipelineName: string): void {
    this.gone.delete(pipelineName);
    this.told.delete(pipelineName);
  }
}
