import { type ApprovalRef, consoleUrl, encodeApprovalRef } from './approval-ref';
import { type Revision } from './graph';

/**
 * Block Kit messages. Pure functions from facts to blocks, each with the
 * plain `text` Slack shows in notifications and to screen readers.
 */

/** A Block Kit block (the Web API accepts any `{ type }`). */
export interface SlackBlock {
  type: string;
  [field: string]: unknown;
}

/** A message: blocks and their plain-text fallback. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** The `action_id`s of the approval buttons. */
export const APPROVE_ACTION_ID = 'approve';
export const REJECT_ACTION_ID = 'reject';
/** The input a reviewer may type a comment in before clicking. */
export const COMMENT_BLOCK_ID = 'comment';
export const COMMENT_ACTION_ID = 'comment';

/** Escapes the three characters mrkdwn treats as markup. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function link(url: string | null | undefined, label: string): string {
  return url && /^https?:\/\//.test(url)
    ? `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escape(label)}>`
    : escape(label);
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const header = (text: string): SlackBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: text.slice(0, 150) },
});
const fields = (pairs: [string, string][]): SlackBlock => ({
  type: 'section',
  fields: pairs.map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${value}` })),
});

function revisionLine(revisions: readonly Revision[] | null | undefined): string | undefined {
  const lines = (revisions ?? []).map((r) => {
    const label = r.revisionSummary?.split('\n')[0] ?? r.revisionId ?? r.name ?? 'revision';
    return link(r.revisionUrl, label.slice(0, 200));
  });
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** What an approval message shows. */
export interface ApprovalFacts extends ApprovalRef {
  revisions?: readonly Revision[] | null;
  /** The action's CustomData. */
  customData?: string | null;
  /** The action's ExternalEntityLink. */
  url?: string | null;
  since?: string | null;
}

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
      facts.customData ? escape(facts.customData) : undefined,
      facts.url ? link(facts.url, facts.url) : undefined,
    ];
    blocks.push(section(`*To review*\n${review.filter(Boolean).join('\n')}`));
  }
  return blocks;
}

/** The message posted when an approval waits: the facts, a comment box, Approve and Reject. */
export function approvalMessage(facts: ApprovalFacts): SlackMessage {
  const value = encodeApprovalRef(facts);
  return {
    text: `Approval needed: ${facts.pipelineName} ${facts.stageName}/${facts.actionName} (execution ${facts.pipelineExecutionId})`,
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
          {
            type: 'button',
            action_id: APPROVE_ACTION_ID,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
            value,
          },
          {
            type: 'button',
            action_id: REJECT_ACTION_ID,
            style: 'danger',
            text: { type: 'plain_text', text: 'Reject' },
            value,
          },
        ],
      },
    ],
  };
}

/** How an approval ended, as the updated message says it. */
export interface ApprovalOutcome {
  slackUserId: string;
  decision: 'APPROVED' | 'REJECTED';
  at: string;
  comment?: string;
  /** Set when approveAction failed: its message replaces the buttons. */
  error?: string;
}

/** The approval message once decided: the buttons are gone, the decision (or the error) takes their place. */
export function decidedApprovalMessage(facts: ApprovalFacts, outcome: ApprovalOutcome): SlackMessage {
  const verb = outcome.decision === 'APPROVED' ? 'Approved' : 'Rejected';
  const line = outcome.error
    ? `:warning: ${verb.slice(0, -1)} by <@${outcome.slackUserId}> failed: ${escape(outcome.error)}`
    : `${outcome.decision === 'APPROVED' ? ':white_check_mark:' : ':no_entry:'} ${verb} by <@${outcome.slackUserId}> at ${outcome.at}` +
      (outcome.comment ? `: “${escape(outcome.comment)}”` : '');
  return {
    text: outcome.error
      ? `${facts.pipelineName}: approval failed: ${outcome.error}`
      : `${facts.pipelineName}: ${verb.toLowerCase()} by ${outcome.slackUserId} at ${outcome.at}`,
    blocks: [...approvalSummary(facts), section(line)],
  };
}

/** What an execution's message shows: its status and what happened on the way. */
export interface ExecutionFacts {
  accountId: string;
  region: string;
  pipelineName: string;
  pipelineExecutionId: string;
  /** The execution's status, or the stage failure that is all we know yet. */
  status: string;
  statusSummary?: string | null;
  /** Lines such as "Stage Deploy failed at …", oldest first. */
  happenings: readonly string[];
  revisions?: readonly Revision[] | null;
}

const STATUS_ICON: Record<string, string> = {
  Succeeded: ':white_check_mark:',
  Failed: ':x:',
  Stopped: ':black_square_for_stop:',
  Superseded: ':fast_forward:',
  InProgress: ':hourglass_flowing_sand:',
};

/** The one message per execution, posted at its first outcome and updated at the later ones. */
export function executionMessage(facts: ExecutionFacts): SlackMessage {
  const icon = STATUS_ICON[facts.status] ?? ':grey_question:';
  const blocks: SlackBlock[] = [
    section(
      `${icon} *${link(consoleUrl(facts, facts.pipelineName), facts.pipelineName)}*: execution ${escape(facts.status)}`,
    ),
    fields([
      ['Execution', `\`${escape(facts.pipelineExecutionId)}\``],
      ['Target', escape(`${facts.accountId} / ${facts.region}`)],
    ]),
  ];
  const revision = revisionLine(facts.revisions);
  if (revision) blocks.push(section(`*Revision*\n${revision}`));
  if (facts.statusSummary) blocks.push(section(escape(facts.statusSummary)));
  if (facts.happenings.length > 0) blocks.push(context(facts.happenings.map(escape).join('\n')));
  return { text: `${facts.pipelineName}: execution ${facts.pipelineExecutionId} ${facts.status}`, blocks };
}

/** A stage as `/pipelines status` lists it. */
export interface StageLine {
  name: string;
  status?: string | null;
  pipelineExecutionId?: string | null;
}

/** `/pipelines status <name>`: the stages with their status, the latest execution and the console link. */
export function statusMessage(
  target: { accountId: string; region: string },
  pipelineName: string,
  stages: readonly StageLine[],
  latest?: {
    pipelineExecutionId: string;
    status?: string | null;
    lastUpdateTime?: string | null;
    revisions?: readonly Revision[] | null;
  },
): SlackMessage {
  const stageLines = stages.map(
    (s) =>
      `${STATUS_ICON[s.status ?? ''] ?? ':white_circle:'} *${escape(s.name)}*: ${escape(s.status ?? 'not run')}`,
  );
  const blocks: SlackBlock[] = [header(`${pipelineName}`), section(stageLines.join('\n') || '_No stages._')];
  if (latest) {
    const revision = revisionLine(latest.revisions);
    blocks.push(
      section(
        `*Latest execution* \`${escape(latest.pipelineExecutionId)}\`: ${escape(latest.status ?? 'unknown')}` +
          (latest.lastUpdateTime ? ` (updated ${escape(latest.lastUpdateTime)})` : '') +
          (revision ? `\n${revision}` : ''),
      ),
    );
  }
  blocks.push(context(link(consoleUrl(target, pipelineName), 'Open in the AWS console')));
  return { text: `${pipelineName}: ${latest?.status ?? 'no executions'}`, blocks };
}

/** A waiting approval as `/pipelines pending` lists it. */
export interface PendingLine {
  pipelineName: string;
  stageName: string;
  actionName: string;
  pipelineExecutionId: string;
  since?: string | null;
  summary?: string | null;
  externalEntityLink?: string | null;
}

/** `/pipelines pending`: the approvals waiting in the caller's scope. */
export function pendingMessage(pending: readonly PendingLine[]): SlackMessage {
  if (pending.length === 0)
    return {
      text: 'No approvals are waiting.',
      blocks: [section('No approvals are waiting in your scope.')],
    };
  const lines = pending
    .slice(0, 40)
    .map(
      (p) =>
        `• *${escape(p.pipelineName)}* ${escape(p.stageName)}/${escape(p.actionName)} ` +
        `\`${escape(p.pipelineExecutionId)}\`` +
        (p.since ? ` since ${escape(p.since)}` : '') +
        (p.summary ? `: ${escape(p.summary)}` : '') +
        (p.externalEntityLink ? ` ${link(p.externalEntityLink, 'link')}` : ''),
    );
  const more = pending.length > 40 ? [context(`and ${pending.length - 40} more`)] : [];
  return {
    text: `${pending.length} approval(s) waiting`,
    blocks: [
      header(`${pending.length} approval${pending.length === 1 ? '' : 's'} waiting`),
      section(lines.join('\n')),
      ...more,
    ],
  };
}
