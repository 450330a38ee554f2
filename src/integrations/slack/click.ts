import { APPROVE_ACTION_ID, COMMENT_ACTION_ID, COMMENT_BLOCK_ID, REJECT_ACTION_ID } from './approval-blocks';
import { type ApprovalRef, decodeApprovalRef } from './approval-ref';

/** What a button says. */
export type Decision = 'APPROVED' | 'REJECTED';

/** A button click, as far as this integration reads it. */
export interface ApprovalClick {
  slackUserId: string;
  channel: string;
  ref: ApprovalRef;
  decision: Decision;
  comment?: string;
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
