import { ErrorCode } from '../../schema/errors/error-codes';
import { MUTATION_ROLES } from '../../schema/auth/permissions';
import { type Principal, roleAtLeast, scopeCovers } from '../../schema/auth/principal';
import { type ApprovalMessages, SLACK_RECORD_TTL_MS } from './approval-messages';
import { type ApprovalRef } from './approval-ref';
import { type ApprovalClick } from './click';
import { alreadyDecided, type DecisionRecord, decisionKey } from './decisions';
import { slackTime } from './slack-time';
import { type SlackClaims } from './claims';
import { APPROVE_ACTION, firstError, type RunGraph } from './graph';
import { type SlackOutbox } from './outbox';
import { type SlackAudit, type SlackLog } from './slack-log';

interface Deps {
  approvers: ReadonlyMap<string, Principal>;
  approvals: ApprovalMessages;
  claims: SlackClaims;
  outbox: SlackOutbox;
  runGraph: RunGraph;
  audit: SlackAudit;
  log: SlackLog;
}

/** What CodePipeline records as the approval's summary: the comment, and who answered from Slack. */
function summaryOf(click: ApprovalClick, principalId: string): string {
  const said = click.comment ?? `${click.decision === 'APPROVED' ? 'Approved' : 'Rejected'} in Slack`;
  return `${said} (Slack ${click.slackUserId}, ${principalId})`.slice(0, 512);
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
    case ErrorCode.PERSISTED_QUERY_NOT_LISTED: // the trusted documents leave the approval out: retrying cannot help
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

  /**
   * Answers one verified click. Never rejects: when Redis or the graph fails
   * midway, the fault is logged, a claimed decision is let go (so a retry may
   * answer) and the clicker is told.
   */
  async click(click: ApprovalClick): Promise<void> {
    const claimed = { key: undefined as string | undefined };
    try {
      await this.decide(click, claimed);
    } catch (err) {
      this.deps.log.error(
        { slackUserId: click.slackUserId, pipelineName: click.ref.pipelineName, err: (err as Error).message },
        'slack click failed',
      );
      if (claimed.key) await this.deps.claims.release(claimed.key).catch(() => undefined);
      await this.tell(click, 'Something went wrong answering this approval; nothing was changed. Try again.');
    }
  }

  private async decide(click: ApprovalClick, claimed: { key?: string }): Promise<void> {
    const { ref, slackUserId, decision, comment } = click;
    const audit = (principal: string | undefined, outcome: string, error?: string): void =>
      this.deps.audit({
        event: 'slack.approval',
        principal: principal ?? null,
        slackUserId,
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
    claimed.key = key;
    const result = await this.deps.runGraph(approver, APPROVE_ACTION, {
      input: {
        pipelineName: ref.pipelineName,
        stageName: ref.stageName,
        actionName: ref.actionName,
        pipelineExecutionId: ref.pipelineExecutionId,
        account: ref.accountId,
        region: ref.region,
        decision,
        summary: summaryOf(click, approver.id),
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
      // Answered: from here on a fault must not let the decision go.
      claimed.key = undefined;
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
        claimed.key = undefined;
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
