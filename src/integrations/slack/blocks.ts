import { consoleUrl } from './approval-ref';
import { type Revision } from './graph';

/**
 * Block Kit messages. Pure functions from facts to blocks, each with the
 * plain `text` Slack shows in notifications and to screen readers. The
 * approval messages are in approval-blocks.ts.
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

/** Escapes the three characters mrkdwn treats as markup. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mrkdwn link when `url` is http(s), else the label alone. */
export function link(url: string | null | undefined, label: string): string {
  return url && /^https?:\/\//.test(url)
    ? `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escape(label)}>`
    : escape(label);
}

/** Slack refuses a section's text over 3000 characters. */
export const section = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.length > 3000 ? `${text.slice(0, 2990)}…` : text },
});
/** Small print. */
export const context = (text: string): SlackBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text }],
});
/** A header block (plain text, at most 150 characters). */
export const header = (text: string): SlackBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: text.slice(0, 150) },
});
/** Name and value pairs, side by side. */
export const fields = (pairs: [string, string][]): SlackBlock => ({
  type: 'section',
  fields: pairs.map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${value}` })),
});

/** The revisions of an execution, one linked line each. */
export function revisionLine(revisions: readonly Revision[] | null | undefined): string | undefined {
  const lines = (revisions ?? []).map((r) => {
    const label = r.revisionSummary?.split('\n')[0] ?? r.revisionId ?? r.name ?? 'revision';
    return link(r.revisionUrl, label.slice(0, 200));
  });
  return lines.length > 0 ? lines.join('\n') : undefined;
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
