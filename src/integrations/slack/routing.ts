import { parseScope, scopeCovers } from '../../schema/auth/principal';
import {
  PipelineEventKind,
  type PipelineEventData,
  type PipelineEventFilterData,
} from '../../schema/subscriptions/pipeline-event';
import { type ChannelRule, SlackEventKind } from './rules';

/**
 * Which live events Slack hears about, and where they go. The live side
 * speaks in state changes; channels speak in the four things people want to
 * be told (an approval waits, an execution failed or succeeded, a stage failed).
 */

/** What an event means to Slack, or undefined when no channel could want it. */
export function slackKindOf(event: PipelineEventData): SlackEventKind | undefined {
  switch (event.kind) {
    case PipelineEventKind.APPROVAL_NEEDED:
      return SlackEventKind.APPROVAL_NEEDED;
    case PipelineEventKind.PIPELINE_EXECUTION_STATE_CHANGE:
      if (event.state === 'Failed') return SlackEventKind.EXECUTION_FAILED;
      return event.state === 'Succeeded' ? SlackEventKind.EXECUTION_SUCCEEDED : undefined;
    case PipelineEventKind.STAGE_EXECUTION_STATE_CHANGE:
      return event.state === 'Failed' ? SlackEventKind.STAGE_FAILED : undefined;
    case PipelineEventKind.ACTION_EXECUTION_STATE_CHANGE:
    case PipelineEventKind.PIPELINE_DELETED:
      return undefined;
    default: {
      const unreachable: never = event.kind;
      return unreachable;
    }
  }
}

/** The end of a Manual approval's action (answered, or abandoned with its execution). */
export function isApprovalEnd(event: PipelineEventData): boolean {
  return (
    event.kind === PipelineEventKind.ACTION_EXECUTION_STATE_CHANGE &&
    event.actionType?.category === 'Approval' &&
    event.state !== 'InProgress'
  );
}

/** The channels an event goes to, as the rules say. */
export function channelsFor(
  rules: readonly ChannelRule[],
  event: PipelineEventData,
  kind: SlackEventKind,
): string[] {
  const target = { accountId: event.accountId, region: event.region };
  const channels = rules
    .filter(
      (r) => r.events.includes(kind) && r.pipelines.some((p) => scopeCovers(p, target, event.pipelineName)),
    )
    .map((r) => r.channel);
  return [...new Set(channels)];
}

/**
 * The subscription that feeds the notifier, over every target: the pipelines
 * the rules name, exactly, when no scope has a wildcard in its pipeline part
 * (so only those are polled); every pipeline otherwise. Undefined when the
 * rules route nothing. Which channel an event goes to is decided per event.
 */
export function notifierFilter(rules: readonly ChannelRule[]): PipelineEventFilterData | undefined {
  const names = new Set<string>();
  let every = false;
  for (const pattern of rules.flatMap((rule) => rule.pipelines)) {
    const pipeline = parseScope(pattern)?.pipeline;
    if (pipeline === undefined) continue;
    if (/[*?]/.test(pipeline)) every = true;
    else names.add(pipeline);
  }
  if (!every && names.size === 0) return undefined;
  // Action changes too: an approval that ends outside Slack must lose its buttons.
  const kinds = [
    PipelineEventKind.APPROVAL_NEEDED,
    PipelineEventKind.PIPELINE_EXECUTION_STATE_CHANGE,
    PipelineEventKind.STAGE_EXECUTION_STATE_CHANGE,
    PipelineEventKind.ACTION_EXECUTION_STATE_CHANGE,
  ];
  return every ? { kinds } : { kinds, pipelineNames: [...names] };
}
