import type { ActionTypeId } from '@aws-sdk/client-codepipeline';

/**
 * The kinds of event, modelled on EventBridge's CodePipeline events, plus a
 * distinct "approval needed" that chat bots want without decoding action
 * states themselves, and the last event of a pipeline that no longer exists.
 */
export const PipelineEventKind = {
  PIPELINE_EXECUTION_STATE_CHANGE: 'PIPELINE_EXECUTION_STATE_CHANGE',
  STAGE_EXECUTION_STATE_CHANGE: 'STAGE_EXECUTION_STATE_CHANGE',
  ACTION_EXECUTION_STATE_CHANGE: 'ACTION_EXECUTION_STATE_CHANGE',
  APPROVAL_NEEDED: 'APPROVAL_NEEDED',
  /**
   * The pipeline was deleted (outside the gateway, or through it): its state is `Deleted`. The last event of
   * the pipeline: a subscriber that names it always receives it, whatever its kinds and states, and a
   * subscriber of that pipeline alone then ends.
   */
  PIPELINE_DELETED: 'PIPELINE_DELETED',
} as const;

/** The `state` of a {@link PipelineEventKind.PIPELINE_DELETED} event. */
export const DELETED_STATE = 'Deleted';

/** One of {@link PipelineEventKind}. */
export type PipelineEventKind = (typeof PipelineEventKind)[keyof typeof PipelineEventKind];

/**
 * A detected state change, as it travels through the event bus (JSON-safe:
 * `detectedAt` is an ISO string) and reaches subscribers.
 */
export interface PipelineEventData {
  /** Opaque, ordered per pipeline: `after: cursor` replays what came later. Assigned by the bus. */
  cursor: string;
  kind: PipelineEventKind;
  accountId: string;
  region: string;
  pipelineName: string;
  /** The pipeline version the change was seen on. */
  version?: number;
  pipelineExecutionId?: string;
  stageName?: string;
  actionName?: string;
  actionType?: ActionTypeId;
  /** The new state: a pipeline, stage or action execution status in the API's words. */
  state: string;
  /** The state before, when one was seen. */
  previousState?: string;
  /** ISO 8601 time the gateway detected the change. */
  detectedAt: string;
}

/** What a subscriber wants. Every present member narrows; absent members match all. */
export interface PipelineEventFilterData {
  pipelineNames?: string[];
  kinds?: PipelineEventKind[];
  states?: string[];
  /** Accounts and regions whose events pass (every target when absent). */
  accounts?: string[];
  regions?: string[];
}

/** True when an event passes a filter. */
export function matchesFilter(event: PipelineEventData, filter: PipelineEventFilterData): boolean {
  if (filter.pipelineNames && !filter.pipelineNames.includes(event.pipelineName)) return false;
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.states && !filter.states.includes(event.state)) return false;
  if (filter.accounts && !filter.accounts.includes(event.accountId)) return false;
  if (filter.regions && !filter.regions.includes(event.region)) return false;
  return true;
}

/**
 * The live side of the graph, as resolvers see it. The subscriptions layer
 * implements it; the composition root hands it to the context.
 */
export interface LiveEvents {
  /**
   * Events that pass `filter`: first every one after `after` (replay), then
   * live ones, with no gap and no duplicate between the two. Registers the
   * pipelines as watched for as long as the iterator is open; `return()`
   * releases everything.
   */
  subscribe(filter: PipelineEventFilterData, after?: string): AsyncIterableIterator<PipelineEventData>;
}
