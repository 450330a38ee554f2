import { type Principal } from '../../schema/auth/principal';

/**
 * How the Slack integration reads and writes: through the gateway's own graph,
 * as a principal, so authorization, scopes, error mapping and audit apply to a
 * click in Slack exactly as to any other client. The composition root injects
 * the runner (the schema executed with a context built for the principal).
 */

/** A GraphQL answer, as the runner returns it. */
export interface GraphResult {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * Executes an operation against the gateway's schema as `principal`, whose
 * scopes are as configured (bare globs or `account/region/glob`); the runner
 * applies them to the target the operation reads.
 */
export type RunGraph = (
  principal: Principal,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GraphResult>;

/** Who reads on the notifier's behalf: it only reads, and the rules decide what is shown where. */
export const NOTIFIER_PRINCIPAL: Principal = {
  id: 'slack:notifier',
  role: 'viewer',
  pipelinePatterns: ['*'],
};

/** A revision as messages show it. */
export interface Revision {
  name?: string | null;
  revisionId?: string | null;
  revisionSummary?: string | null;
  revisionUrl?: string | null;
}

/** What an approval message shows besides the event. */
export const APPROVAL_DETAILS = `query SlackApprovalDetails(
  $name: String!, $id: String!, $account: String, $region: String, $names: [String!]
) {
  pipelineExecution(pipelineName: $name, pipelineExecutionId: $id, account: $account, region: $region) {
    status
    artifactRevisions { name revisionId revisionSummary revisionUrl }
  }
  pendingApprovals(pipelineNames: $names) {
    stageName actionName pipelineExecutionId since summary externalEntityLink
    pipeline { account region }
  }
}`;

/** What an outcome message shows. */
export const EXECUTION_DETAILS = `query SlackExecutionDetails(
  $name: String!, $id: String!, $account: String, $region: String
) {
  pipelineExecution(pipelineName: $name, pipelineExecutionId: $id, account: $account, region: $region) {
    status statusSummary startTime lastUpdateTime
    artifactRevisions { name revisionId revisionSummary revisionUrl }
  }
}`;

/** `/pipelines status <name>`. */
export const PIPELINE_STATUS = `query SlackPipelineStatus($name: String!, $account: String, $region: String) {
  pipeline(name: $name, account: $account, region: $region) {
    name account region
    stages { name latestExecution { pipelineExecutionId status } }
    latestExecution {
      pipelineExecutionId status startTime lastUpdateTime
      artifactRevisions { name revisionId revisionSummary revisionUrl }
    }
  }
}`;

/** `/pipelines pending`: the caller's scope bounds the answer. */
export const PENDING_APPROVALS = `query SlackPendingApprovals {
  pendingApprovals { pipelineName stageName actionName pipelineExecutionId since summary externalEntityLink }
}`;

/** The click: approveAction runs as the approver. */
export const APPROVE_ACTION = `mutation SlackApproveAction($input: ApproveActionInput!) {
  approveAction(input: $input) { approvedAt decision pipelineExecution { status } }
}`;

/** The first error of an answer, as `{ code, message }`, or undefined when it succeeded. */
export function firstError(
  result: GraphResult,
): { code: string; message: string; reason?: string } | undefined {
  const error = result.errors?.[0];
  if (!error) return undefined;
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL';
  const reason = typeof error.extensions?.reason === 'string' ? error.extensions.reason : undefined;
  return { code, message: error.message, reason };
}
