import type { ActionTypeId } from '@aws-sdk/client-codepipeline';

/**
 * The kinds of event, modelled on EventBridge's CodePipeline events, plus a
 * distinct "approval needed" that chat bots want without decoding action
 * states themselves.
 */
export const PipelineEventKind = {
  PIPELINE_EXECUTION_STATE_CHANGE: 'PIPELINE_EXECUTION_STATE_CHANGE',
  STAGE_EXECUTION_STATE_CHANGE: 'STAGE_EXECUTION_STATE_CHANGE',
  ACTION_EXECUTION_STATE_CHANGE: 'ACTION_EXECUTION_STATE_CHANGE',
  APPROVAL_NEEDED: 'APPROVAL_NEEDED',
} as const;

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
}

/** True when an event passes a filter. */
export function matchesFilter(event: PipelineEventData, filter: PipelineEventFilterData): boolean {
  if (filter.pipelineNames && !filter.pipelineNames.includes(event.pipelineName)) return false;
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.states && !filter.states.includes(event.state)) return false;
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
