import { type PipelineEventData } from '../../schema/subscriptions/pipeline-event';
import { type ApprovalRef, approvalKey } from './approval-ref';
import {
  type ApprovalFacts,
  type ApprovalOutcome,
  approvalMessage,
  decidedApprovalMessage,
} from './approval-blocks';
import { type DecisionRecord, decisionKey } from './decisions';
import { slackTime } from './slack-time';
import { type SlackClaims } from './claims';
import { APPROVAL_DETAILS, firstError, NOTIFIER_PRINCIPAL, type Revision, type RunGraph } from './graph';
import { type SlackOutbox } from './outbox';
import { type SlackLog } from './slack-log';

/** How long a claim or a record outlives its event: longer than any approval waits (CodePipeline's is 7 days). */
export const SLACK_RECORD_TTL_MS = 8 * 24 * 3600 * 1000;

/** Where one copy of an approval message was posted. */
interface Posted {
  channel: string;
  ts: string;
}

interface Deps {
  outbox: SlackOutbox;
  claims: SlackClaims;
  runGraph: RunGraph;
  log: SlackLog;
}

/** The approval an APPROVAL_NEEDED event names, or undefined when it lacks a part. */
export function approvalRefOf(event: PipelineEventData): ApprovalRef | undefined {
  const { accountId, region, pipelineName, stageName, actionName, pipelineExecutionId } = event;
  if (!stageName || !actionName || !pipelineExecutionId) return undefined;
  return { accountId, region, pipelineName, stageName, actionName, pipelineExecutionId };
}

/**
 * The approval messages: one per channel per waiting approval, whichever
 * replica sees the event first posts it; the decision later replaces every
 * copy. The facts shown are kept beside the copies' addresses, so the update
 * says the same things without reading them again.
 */
export class ApprovalMessages {
  constructor(private readonly deps: Deps) {}

  /** Posts the approval to `channel`, unless another replica (or an earlier event) already did. */
  async post(channel: string, event: PipelineEventData): Promise<void> {
    const ref = approvalRefOf(event);
    if (!ref) return;
    const { claims, outbox, log } = this.deps;
    const key = approvalKey(ref);
    const claim = `event:${channel}:approval:${key}`;
    if (!(await claims.claim(claim, event.detectedAt, SLACK_RECORD_TTL_MS))) return;
    const facts = await this.gather(ref);
    await claims.set(`approval:${key}:facts`, JSON.stringify(facts), SLACK_RECORD_TTL_MS);
    const message = approvalMessage(facts);
    const posted = await outbox.enqueue(channel, 'chat.postMessage', (client) =>
      client.chat.postMessage({ channel, text: message.text, blocks: message.blocks }),
    );
    if (!posted?.ts) {
      // Given up (and logged): a later delivery of the same approval may try again.
      await claims.release(claim);
      return;
    }
    const copy: Posted = { channel: posted.channel ?? channel, ts: posted.ts };
    await claims.append(`approval:${key}:messages`, JSON.stringify(copy), SLACK_RECORD_TTL_MS);
    log.info({ channel, pipelineName: ref.pipelineName, ts: copy.ts }, 'slack approval posted');
  }

  /**
   * An approval action ended (its ACTION_EXECUTION_STATE_CHANGE): if Slack
   * shows it and no click answered it, it was answered in the console or the
   * API, or its execution stopped. The buttons are replaced once, fleet-wide,
   * and a later click is told.
   */
  async closeIfOpen(event: PipelineEventData): Promise<void> {
    const ref = approvalRefOf(event);
    if (!ref) return;
    const { claims } = this.deps;
    const key = approvalKey(ref);
    if ((await claims.list(`approval:${key}:messages`)).length === 0) return;
    const record: DecisionRecord = { state: 'elsewhere', actionState: event.state, at: event.detectedAt };
    if (!(await claims.claim(decisionKey(ref), JSON.stringify(record), SLACK_RECORD_TTL_MS))) return;
    await this.showOutcome(ref, { kind: 'elsewhere', state: event.state, at: slackTime(event.detectedAt) });
  }

  /** Replaces every posted copy of the approval with its outcome. Returns how many were updated. */
  async showOutcome(ref: ApprovalRef, outcome: ApprovalOutcome): Promise<number> {
    const { claims, outbox } = this.deps;
    const key = approvalKey(ref);
    const stored = await claims.get(`approval:${key}:facts`);
    const facts: ApprovalFacts = stored ? (JSON.parse(stored) as ApprovalFacts) : ref;
    const message = decidedApprovalMessage(facts, outcome);
    const copies = (await claims.list(`approval:${key}:messages`)).map((c) => JSON.parse(c) as Posted);
    const updates = await Promise.all(
      copies.map(({ channel, ts }) =>
        outbox.enqueue(channel, 'chat.update', (client) =>
          client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
        ),
      ),
    );
    return updates.filter((u) => u?.ok).length;
  }

  /** What the message shows besides the event: the revision, the approval's custom data and URL. */
  private async gather(ref: ApprovalRef): Promise<ApprovalFacts> {
    const result = await this.deps.runGraph(NOTIFIER_PRINCIPAL, APPROVAL_DETAILS, {
      name: ref.pipelineName,
      id: ref.pipelineExecutionId,
      account: ref.accountId,
      region: ref.region,
      names: [ref.pipelineName],
    });
    const error = firstError(result);
    if (error) {
      this.deps.log.warn(
        { pipelineName: ref.pipelineName, code: error.code },
        'slack approval details unavailable',
      );
    }
    const data = (result.data ?? {}) as {
      pipelineExecution?: { artifactRevisions?: Revision[] | null } | null;
      pendingApprovals?: {
        stageName: string;
        actionName: string;
        pipelineExecutionId: string;
        since?: string | null;
        summary?: string | null;
        externalEntityLink?: string | null;
        pipeline?: { account?: string; region?: string };
      }[];
    };
    const pending = data.pendingApprovals?.find(
      (p) =>
        (p.pipeline?.account ?? ref.accountId) === ref.accountId &&
        (p.pipeline?.region ?? ref.region) === ref.region &&
        p.stageName === ref.stageName &&
        p.actionName === ref.actionName &&
        p.pipelineExecutionId === ref.pipelineExecutionId,
    );
    return {
      ...ref,
      revisions: data.pipelineExecution?.artifactRevisions ?? null,
      customData: pending?.summary ?? null,
      url: pending?.externalEntityLink ?? null,
      since: pending?.since ?? null,
    };
  }
}
