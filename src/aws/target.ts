/**
 * Where CodePipeline lives for one slice of the graph: an account, a region
 * and the endpoint that answers for them. Every cache key, global ID and
 * event carries a target, so one graph can later span accounts and regions.
 */
export interface Target {
  accountId: string;
  region: string;
  /** The API endpoint; `undefined` means the SDK's default for the region (real AWS). */
  endpoint?: string;
}

/** A short, stable string for a target, used in cache keys, IDs and event channels. */
export function targetKey(target: Target): string {
  return `${target.accountId}:${target.region}`;
}

/** The ARN AWS gives a pipeline; built locally so no call is spent to learn it. */
export function pipelineArn(target: Target, pipelineName: string): string {
  return `arn:aws:codepipeline:${target.region}:${target.accountId}:${pipelineName}`;
}
