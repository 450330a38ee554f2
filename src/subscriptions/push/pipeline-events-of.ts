import { PipelineEventKind } from '../../schema/subscriptions/pipeline-event';
import { type NewPipelineEvent } from '../contracts';
import { type PushedTransition, type TransitionLevel } from './eventbridge-event';

/**
 * A pushed transition as the graph's events: the same shape the poller
 * publishes, so a subscriber cannot tell push from poll, and a manual
 * approval that starts waiting adds APPROVAL_NEEDED as the poller does.
 */

function kindOf(level: TransitionLevel): PipelineEventKind {
  switch (level) {
    case 'execution':
      return PipelineEventKind.PIPELINE_EXECUTION_STATE_CHANGE;
    case 'stage':
      return PipelineEventKind.STAGE_EXECUTION_STATE_CHANGE;
    case 'action':
      return PipelineEventKind.ACTION_EXECUTION_STATE_CHANGE;
    default: {
      const never: never = level;
      throw new Error(`unknown level ${String(never)}`);
    }
  }
}

/** True for the one action that waits for a person: AWS's manual approval. */
export function waitsForApproval(t: PushedTransition): boolean {
  const type = t.actionType;
  return (
    t.level === 'action' &&
    t.state === 'InProgress' &&
    type?.category === 'Approval' &&
    type.owner === 'AWS' &&
    type.provider === 'Manual'
  );
}

/** The events of one pushed transition, detected at `detectedAt` (ISO); the first is the transition itself. */
export function pipelineEventsOf(t: PushedTransition, detectedAt: string): NewPipelineEvent[] {
  const event: NewPipelineEvent = {
    kind: kindOf(t.level),
    accountId: t.accountId,
    region: t.region,
    pipelineName: t.pipelineName,
    version: t.version,
    pipelineExecutionId: t.pipelineExecutionId,
    stageName: t.stageName,
    actionName: t.actionName,
    actionType: t.actionType,
    state: t.state,
    detectedAt,
  };
  return waitsForApproval(t) ? [event, { ...event, kind: PipelineEventKind.APPROVAL_NEEDED }] : [event];
}
