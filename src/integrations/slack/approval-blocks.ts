import { type ApprovalRef, consoleUrl, encodeApprovalRef } from './approval-ref';
import {
  escape,
  fields,
  header,
  link,
  revisionLine,
  section,
  type SlackBlock,
  type SlackMessage,
} from './blocks';
import { type Revision } from './graph';

/** The `action_id`s of the approval buttons. */
export const APPROVE_ACTION_ID = 'approve';
export const REJECT_ACTION_ID = 'reject';
/** The input a reviewer may type a comment in before clicking. */
export const COMMENT_BLOCK_ID = 'comment';
export const COMMENT_ACTION_ID = 'comment';

/** What an approval message shows. */
export interface ApprovalFacts extends ApprovalRef {
  revisions?: readonly Revision[] | null;
  /** The action's CustomData. */
  customData?: string | null;
  /** The action's ExternalEntityLink. */
  url?: string | null;
  since?: string | null;
}

/** How an approval ended, as the updated message says it. */
export type ApprovalOutcome =
  /** A click in Slack answered it. */
  | { kind: 'decided'; slackUserId: string; decision: 'APPROVED' | 'REJECTED'; at: string; comment?: string }
  /** A click in Slack could not answer it: approveAction's error says why (e.g. no longer waiting). */
  | { kind: 'failed'; slackUserId: string; decision: 'APPROVED' | 'REJECTED'; at: string; error: string }
  /** It ended without Slack: answered in the console or the API, or its execution stopped. */
  | { kind: 'elsewhere'; state: string; at: string };

function approvalSummary(facts: ApprovalFacts): SlackBlock[] {
  const blocks: SlackBlock[] = [
    header(`Approval needed: ${facts.pipelineName}`),
    fields([
      ['Pipeline', link(consoleUrl(facts, facts.pipelineName), facts.pipelineName)],
      ['Stage / action', escape(`${facts.stageName} / ${facts.actionName}`)],
      ['Execution', `\`${escape(facts.pipelineExecutionId)}\``],
      ['Target', escape(`${facts.accountId} / ${facts.region}`)],
    ]),
  ];
  const revision = revisionLine(facts.revisions);
  if (revision) blocks.push(section(`*Revision*\n${revision}`));
  if (facts.customData || facts.url) {
    const review = [
      facts.customData ? escape(facts.customData) : '',
      facts.url ? link(facts.url, facts.url) : '',
    ];
    blocks.push(section(`*To review*\n${review.filter((line) => line !== '').join('\n')}`));
  }
  return blocks;
}

/** The message posted when an approval waits: the facts, a comment box, Approve and Reject. */
export function approvalMessage(facts: ApprovalFacts): SlackMessage {
  const value = encodeApprovalRef(facts);
  const button = (actionId: string, text: string, style: string): SlackBlock => ({
    type: 'button',
    action_id: actionId,
    style,
    text: { type: 'plain_text', text },
    value,
  });
  return {
    text:
      `Approval needed: ${facts.pipelineName} ${facts.stageName}/${facts.actionName} ` +
      `(execution ${facts.pipelineExecutionId})`,
    blocks: [
      ...approvalSummary(facts),
      {
        type: 'input',
        block_id: COMMENT_BLOCK_ID,
        optional: true,
        label: { type: 'plain_text', text: 'Comment' },
        element: { type: 'plain_text_input', action_id: COMMENT_ACTION_ID, max_length: 400 },
      },
      {
        type: 'actions',
        block_id: 'approval',
        elements: [
          button(APPROVE_ACTION_ID, 'Approve', 'primary'),
          button(REJECT_ACTION_ID, 'Reject', 'danger'),
        ],
      },
    ],
  };
}

/** The line that replaces the buttons, and the plain text of the update. */
function outcomeLine(pipelineName: string, outcome: ApprovalOutcome): { line: string; text: string } {
  switch (outcome.kind) {
    case 'decided': {
      const verb = outcome.decision === 'APPROVED' ? 'Approved' : 'Rejected';
      const icon = outcome.decision === 'APPROVED' ? ':white_check_mark:' : ':no_entry:';
      const comment = outcome.comment ? `: “${escape(outcome.comment)}”` : '';
      return {
        line: `${icon} ${verb} by <@${outcome.slackUserId}> at ${outcome.at}${comment}`,
        text: `${pipelineName}: ${verb.toLowerCase()} by ${outcome.slackUserId} at ${outcome.at}`,
      };
    }
    case 'failed': {
      const verb = outcome.decision === 'APPROVED' ? 'approve' : 'reject';
      return {
        line: `:warning: <@${outcome.slackUserId}> could not ${verb} at ${outcome.at}: ${escape(outcome.error)}`,
        text: `${pipelineName}: the approval could not be answered: ${outcome.error}`,
      };
    }
    case 'elsewhere': {
      const said =
        outcome.state === 'Succeeded'
          ? 'Approved outside Slack'
          : outcome.state === 'Failed'
            ? 'Rejected outside Slack'
            : `No longer waiting (${outcome.state})`;
      return {
        line: `:information_source: ${escape(said)} at ${outcome.at}`,
        text: `${pipelineName}: ${said}`,
      };
    }
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/** The approval message once it ended: the buttons are gone, what happened takes their place. */
export function decidedApprovalMessage(facts: ApprovalFacts, outcome: ApprovalOutcome): SlackMessage {
  const { line, text } = outcomeLine(facts.pipelineName, outcome);
  return { text, blocks: [...approvalSummary(facts), section(line)] };
}
