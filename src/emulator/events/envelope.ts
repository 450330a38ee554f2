import { randomUUID } from 'node:crypto';
import { pipelineArn } from '../core/context';
import { type World } from '../world/world';
import { type StateChange } from './state-changes';

/** The three detail types CodePipeline sends to EventBridge. */
export const DETAIL_TYPES = {
  pipeline: 'CodePipeline Pipeline Execution State Change',
  stage: 'CodePipeline Stage Execution State Change',
  action: 'CodePipeline Action Execution State Change',
} as const;

/** An EventBridge event as an API destination POSTs it. */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];
  source: 'aws.codepipeline';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** EventBridge times have second precision: `2026-12-06T14:03:07Z`. */
function eventTime(ms: number): string {
  return `${new Date(Math.floor(ms)).toISOString().slice(0, 19)}Z`;
}

/**
 * Turns one state change into the event CodePipeline would send, with the
 * envelope and detail fields of the CodePipeline user guide ("Monitoring
 * CodePipeline events"): `pipeline`, `execution-id`, `start-time`, `state`,
 * `version` (the pipeline version), `pipeline-execution-attempt`; stage events
 * add `stage`; action events add `stage`, `action`, `action-execution-id`,
 * `region`, `type` and, once finished, `execution-result`; pipeline events
 * carry `execution-trigger`.
 */
export function toEvent(world: World, change: StateChange, atMs: number): EventBridgeEvent {
  const { exec } = change;
  const detail: Record<string, unknown> = {
    pipeline: exec.pipelineName,
    'execution-id': exec.pipelineExecutionId,
    'start-time': exec.startTime.toISOString(),
  };
  switch (change.level) {
    case 'pipeline':
      detail['execution-trigger'] = {
        'trigger-type': exec.trigger.triggerType,
        'trigger-detail': exec.trigger.triggerDetail,
      };
      break;
    case 'stage':
      detail.stage = change.stage.stageName;
      break;
    case 'action': {
      const { action } = change;
      const type = action.input.actionTypeId;
      detail.stage = change.stage.stageName;
      detail['action-execution-id'] = action.actionExecutionId;
      detail.action = action.actionName;
      detail.region = action.input.region ?? world.target.region;
      detail.type = {
        owner: type?.owner,
        provider: type?.provider,
        category: type?.category,
        version: type?.version,
      };
      if (change.state !== 'STARTED') {
        detail['execution-result'] = {
          'external-execution-url':
            action.externalExecutionUrl ?? action.output.executionResult?.externalExecutionUrl,
          'external-execution-summary':
            action.summary ?? action.output.executionResult?.externalExecutionSummary,
          'external-execution-id':
            action.externalExecutionId ?? action.output.executionResult?.externalExecutionId,
          ...(action.errorDetails?.code ? { 'error-code': action.errorDetails.code } : {}),
        };
      }
      break;
    }
    default: {
      const unreachable: never = change;
      throw new Error(`unknown state change ${JSON.stringify(unreachable)}`);
    }
  }
  detail.state = change.state;
  detail.version = exec.pipelineVersion;
  detail['pipeline-execution-attempt'] = 1;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPES[change.level],
    source: 'aws.codepipeline',
    account: world.target.accountId,
    time: eventTime(atMs),
    region: world.target.region,
    resources: [pipelineArn(world.target, exec.pipelineName)],
    detail,
  };
}
