import { type ApprovalRef, approvalKey } from './approval-ref';
import { slackTime } from './slack-time';

/**
 * What is kept, fleet-wide, of how an approval was answered: the first to
 * write it wins (a click, or the news that it ended elsewhere), and whoever
 * comes later is told what happened instead of trying again.
 */
export type DecisionRecord =
  /** A click in Slack: being answered now, answered, or refused by CodePipeline. */
  | {
      state: 'deciding' | 'decided' | 'failed';
      slackUserId: string;
      decision: 'APPROVED' | 'REJECTED';
      at: string;
    }
  /** It ended without Slack (the action's final state, e.g. Succeeded). */
  | { state: 'elsewhere'; actionState: string; at: string };

/** The claim key of an approval's decision. */
export function decisionKey(ref: ApprovalRef): string {
  return `decision:${approvalKey(ref)}`;
}

/** What a later click is told. */
export function alreadyDecided(record: DecisionRecord | undefined): string {
  if (!record) return 'This approval was already answered.';
  switch (record.state) {
    case 'deciding':
      return `This approval is being ${record.decision === 'APPROVED' ? 'approved' : 'rejected'} by <@${record.slackUserId}> right now.`;
    case 'decided':
      return `This approval was already ${record.decision === 'APPROVED' ? 'approved' : 'rejected'} by <@${record.slackUserId}> at ${slackTime(record.at)}.`;
    case 'failed':
      return `<@${record.slackUserId}> already tried to answer this approval at ${slackTime(record.at)}; it is no longer waiting.`;
    case 'elsewhere':
      return `This approval was already answered outside Slack (${record.actionState}) at ${slackTime(record.at)}.`;
    default: {
      const unreachable: never = record;
      return unreachable;
    }
  }
}
