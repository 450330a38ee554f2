/**
 * The approval a button names. Its `value` carries the whole address (the
 * pipeline, stage, action, execution and target), so a click is answered from
 * the click alone, on whichever replica Slack reaches.
 */
export interface ApprovalRef {
  accountId: string;
  region: string;
  pipelineName: string;
  stageName: string;
  actionName: string;
  pipelineExecutionId: string;
}

const FIELDS = [
  'accountId',
  'region',
  'pipelineName',
  'stageName',
  'actionName',
  'pipelineExecutionId',
] as const;

/** A button's value for this approval. */
export function encodeApprovalRef(ref: ApprovalRef): string {
  return JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, ref[f]])));
}

/** The approval a button value names, or undefined when it is not one of ours. */
export function decodeApprovalRef(value: unknown): ApprovalRef | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  if (!FIELDS.every((f) => typeof record[f] === 'string' && record[f] !== '')) return undefined;
  return Object.fromEntries(FIELDS.map((f) => [f, record[f]])) as unknown as ApprovalRef;
}

/** A key naming this approval (claims, message records). */
export function approvalKey(ref: ApprovalRef): string {
  return FIELDS.map((f) => ref[f]).join('|');
}

/** The AWS console's page of a pipeline. */
export function consoleUrl(target: { region: string }, pipelineName: string): string {
  const region = encodeURIComponent(target.region);
  return (
    `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/` +
    `${encodeURIComponent(pipelineName)}/view?region=${region}`
  );
}
