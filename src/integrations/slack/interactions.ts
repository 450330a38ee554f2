import { ErrorCode } from '../../aws/error-codes';
import { MUTATION_ROLES } from '../../schema/auth/permissions';
import { type Principal, roleAtLeast, scopeCovers, scopesForTarget } from '../../schema/auth/principal';
import { type ApprovalMessages, SLACK_RECORD_TTL_MS } from './approval-messages';
import { type ApprovalRef, decodeApprovalRef } from './approval-ref';
import { APPROVE_ACTION_ID, COMMENT_ACTION_ID, COMMENT_BLOCK_ID, REJECT_ACTION_ID } from './approval-blocks';
import { alreadyDecided, type DecisionRecord, decisionKey } from './decisions';
import { slackTime } from './slack-time';
import { type SlackClaims } from './claims';
import { APPROVE_ACTION, firstError, type RunGraph } from './graph';
import { type SlackOutbox } from './outbox';
import { type SlackAudit, type SlackLog } from './slack-log';

type Decision = 'APPROVED' | 'REJECTED';

/** A button click, as far as this integration reads it. */
export interface ApprovalClick {
  slackUserId: string;
  channel: string;
  ref: ApprovalRef;
  decision: Decision;
  comment?: string;
}

interface Deps {
  target: { accountId: string; region: string };
  approvers: ReadonlyMap<string, Principal>;
  approvals: ApprovalMessages;
  claims: SlackClaims;
  outbox: SlackOutbox;
  runGraph: RunGraph;
  audit: SlackAudit;
  log: SlackLog;
}

/** Reads a `block_actions` payload into a click on one of our buttons, or undefined. */
export function readClick(payload: unknown): ApprovalClick | undefined {
  const p = payload as {
    type?: unknown;
    user?: { id?: unknown };
    channel?: { id?: unknown };
    container?: { channel_id?: unknown };
    actions?: { action_id?: unknown; value?: unknown }[];
    state?: { values?: Record<string, Record<string, { value?: unknown }>> };
  } | null;
  if (!p || p.type !== 'block_actions' || !Array.isArray(p.actions)) return undefined;
  const action = p.actions[0];
  const decision =
    action?.action_id === APPROVE_ACTION_ID
      ? 'APPROVED'
      : action?.action_id === REJECT_ACTION_ID
        ? 'REJECTED'
        : undefined;
  const ref = decodeApprovalRef(action?.value);
  const slackUserId = p.user?.id;
  const channel = p.channel?.id ?? p.container?.channel_id;
  if (!decision || !ref || typeof slackUserId !== 'string' || typeof channel !== 'string') return undefined;
  const comment = p.state?.values?.[COMMENT_BLOCK_ID]?.[COMMENT_ACTION_ID]?.value;
  return {
    slackUserId,
    channel,
    ref,
    decision,
    comment: typeof comment === 'string' && comment.trim() !== '' ? comment.trim().slice(0, 400) : undefined,
  };
}

/** How an error from approveAction is answered. */
type Answer = 'REFUSE' | 'RETRY' | 'SHOW';

function answerFor(code: string): Answer {
  const known = (Object.values(ErrorCode) as string[]).includes(code)
    ? (code as ErrorCode)
    : ErrorCode.INTERNAL;
  switch (known) {
    case ErrorCode.FORBIDDEN:
    case ErrorCode.UNAUTHENTICATED:
      return 'REFUSE';
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.CONFLICT:
    case ErrorCode.PRECONDITION_FAILED:
      return 'SHOW';
    case ErrorCode.LIMIT_EXCEEDED:
    case ErrorCode.THROTTLED:
    case ErrorCode.UPSTREAM_UNAVAILABLE:
    case ErrorCode.CREDENTIALS_MISSING:
    case ErrorCode.ACCESS_DENIED:
    case ErrorCode.QUERY_TOO_COMPLEX:
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.INTERNAL:
      return 'RETRY';
    default: {
      const unreachable: never = known;
      return unreachable;
    }
  }
}

/**
 * Approve and Reject clicks. A click from a mapped approver whose role and
 * scope cover the pipeline runs approveAction through the graph as that
 * approver's principal; the outcome replaces every copy of the message and is
 * audited. Anyone else is told, privately, that they may not; nothing changes.
 */
export class SlackInteractions {
  constructor(private readonly deps: Deps) {}

  /** Answers one verified click. Never rejects: failures are logged and told to the clicker. */
  async click(click: ApprovalClick): Promise<void> {
    const { ref, slackUserId, decision, comment } = click;
    const audit = (principal: string | undefined, outcome: string, error?: string): void =>
      this.deps.audit({
        kind: 'slack.approval',
        slackUserId,
        principal,
        ...ref,
        decision,
        comment,
        outcome,
        error,
        at: new Date().toISOString(),
      });
    const what = `${ref.pipelineName} ${ref.stageName}/${ref.actionName}`;
    const approver = this.deps.approvers.get(slackUserId);
    const refusal = this.refusal(approver, ref);
    if (!approver || refusal) {
      audit(approver?.id, 'REFUSED', refusal ?? 'not an approver');
      await this.tell(
        click,
        `You may not approve ${what}: ${refusal ?? 'you are not an approver in the Slack rules'}.`,
      );
      return;
    }
    const key = decisionKey(ref);
    const at = new Date().toISOString();
    const record: DecisionRecord = { state: 'deciding', slackUserId, decision, at };
    if (!(await this.deps.claims.claim(key, JSON.stringify(record), SLACK_RECORD_TTL_MS))) {
      const earlier = await this.deps.claims.get(key);
      audit(approver.id, 'ALREADY_DECIDED');
      await this.tell(click, alreadyDecided(earlier ? (JSON.parse(earlier) as DecisionRecord) : undefined));
      return;
    }
    const principal: Principal = {
      ...approver,
      pipelinePatterns: scopesForTarget(approver.pipelinePatterns, this.deps.target),
    };
    const result = await this.deps.runGraph(principal, APPROVE_ACTION, {
      input: {
        pipelineName: ref.pipelineName,
        stageName: ref.stageName,
        actionName: ref.actionName,
        pipelineExecutionId: ref.pipelineExecutionId,
        decision,
        summary:
          `${comment ?? `${decision === 'APPROVED' ? 'Approved' : 'Rejected'} in Slack`} (Slack ${slackUserId}, ${approver.id})`.slice(
            0,
            512,
          ),
      },
    });
    const error = firstError(result);
    if (!error) {
      const approvedAt =
        (result.data?.approveAction as { approvedAt?: string | null } | undefined)?.approvedAt ?? at;
      await this.deps.claims.set(
        key,
        JSON.stringify({ ...record, at: approvedAt, state: 'decided' } satisfies DecisionRecord),
        SLACK_RECORD_TTL_MS,
      );
      audit(approver.id, decision);
      await this.deps.approvals.showOutcome(ref, {
        kind: 'decided',
        slackUserId,
        decision,
        at: slackTime(approvedAt),
        comment,
      });
      return;
    }
    audit(approver.id, error.code, error.message);
    const answer = answerFor(error.code);
    switch (answer) {
      case 'REFUSE':
        await this.deps.claims.release(key);
        await this.tell(click, `You may not approve ${what}: ${error.message}`);
        return;
      case 'RETRY':
        await this.deps.claims.release(key);
        await this.tell(
          click,
          `Could not ${decision === 'APPROVED' ? 'approve' : 'reject'} ${what} just now (${error.message}). Try again.`,
        );
        return;
      case 'SHOW':
        await this.deps.claims.set(
          key,
          JSON.stringify({ ...record, state: 'failed' } satisfies DecisionRecord),
          SLACK_RECORD_TTL_MS,
        );
        await this.deps.approvals.showOutcome(ref, {
          kind: 'failed',
          slackUserId,
          decision,
          at: slackTime(at),
          error: error.message,
        });
        return;
      default: {
        const unreachable: never = answer;
        return unreachable;
      }
    }
  }

  /** Why this approver may not decide this approval, or undefined when they may. */
  private refusal(approver: Principal | undefined, ref: ApprovalRef): string | undefined {
    if (!approver) return 'you are not an approver in the Slack rules';
    const target = { accountId: ref.accountId, region: ref.region };
    if (target.accountId !== this.deps.target.accountId || target.region !== this.deps.target.region) {
      return `this gateway does not serve ${ref.accountId}/${ref.region}`;
    }
    if (!roleAtLeast(approver.role, MUTATION_ROLES.PutApprovalResult)) {
      return `it needs the ${MUTATION_ROLES.PutApprovalResult} role and ${approver.id} is a ${approver.role}`;
    }
    if (!approver.pipelinePatterns.some((p) => scopeCovers(p, target, ref.pipelineName))) {
      return `${ref.pipelineName} is outside the scope of ${approver.id}`;
    }
    return undefined;
  }

  /** A message only the clicker sees. */
  private async tell(click: ApprovalClick, text: string): Promise<void> {
    await this.deps.outbox.enqueue(click.channel, 'chat.postEphemeral', (client) =>
      client.chat.postEphemeral({ channel: click.channel, user: click.slackUserId, text }),
    );
  }
}
