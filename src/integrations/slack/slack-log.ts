/**
 * The logging the Slack integration needs: pino's shape, so the gateway's
 * logger fits, without this layer depending on how the server builds it.
 */
export interface SlackLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * One Slack approval, as the audit log records it: who clicked, as whom,
 * on what, what they decided and what came of it. Shaped like the gateway's
 * audit records (`event`, `principal`, then the event's own fields), so the
 * composition root can hand the audit log's `write` in as is.
 */
export interface SlackAuditEntry {
  event: 'slack.approval';
  /** The principal the click ran as; null for a user the rules do not map. */
  principal: string | null;
  slackUserId: string;
  accountId: string;
  region: string;
  pipelineName: string;
  stageName: string;
  actionName: string;
  pipelineExecutionId: string;
  decision: 'APPROVED' | 'REJECTED';
  comment?: string;
  /** `APPROVED`/`REJECTED` when it took effect; otherwise the refusal or the error's code. */
  outcome: string;
  /** The error's message when it failed. */
  error?: string;
  at: string;
}

/** Where audit entries go: the gateway's audit log, injected by the composition root. */
export type SlackAudit = (entry: SlackAuditEntry) => void;
