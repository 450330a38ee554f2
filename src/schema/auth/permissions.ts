import { type Principal, type Role, forbidden, isUnrestricted, requireRole, requireScope } from './principal';

/**
 * The one table of who may run which write: every CodePipeline operation a
 * mutation performs, with the least role allowed to. `runMutation` takes its
 * operation as a key of this table, so a new mutation does not compile until
 * someone decides who may run it.
 *
 * Reads need no entry: every role reads (`viewer` is the least role).
 */
export const MUTATION_ROLES = {
  // Runs and steering: operators.
  StartPipelineExecution: 'operator',
  StopPipelineExecution: 'operator',
  RetryStageExecution: 'operator',
  RollbackStage: 'operator',
  OverrideStageCondition: 'operator',
  EnableStageTransition: 'operator',
  DisableStageTransition: 'operator',
  PutApprovalResult: 'operator',
  PutActionRevision: 'operator',
  // The job worker protocols: operators (workers are automation acting on runs).
  PollForJobs: 'operator',
  AcknowledgeJob: 'operator',
  PutJobSuccessResult: 'operator',
  PutJobFailureResult: 'operator',
  PollForThirdPartyJobs: 'operator',
  AcknowledgeThirdPartyJob: 'operator',
  PutThirdPartyJobSuccessResult: 'operator',
  PutThirdPartyJobFailureResult: 'operator',
  // Definitions: admins.
  CreatePipeline: 'admin',
  UpdatePipeline: 'admin',
  DeletePipeline: 'admin',
  CreateCustomActionType: 'admin',
  DeleteCustomActionType: 'admin',
  UpdateActionType: 'admin',
  PutWebhook: 'admin',
  DeleteWebhook: 'admin',
  RegisterWebhookWithThirdParty: 'admin',
  DeregisterWebhookWithThirdParty: 'admin',
  TagResource: 'admin',
  UntagResource: 'admin',
} as const satisfies Record<string, Role>;

/** A CodePipeline write the graph can perform. */
export type MutationOperation = keyof typeof MUTATION_ROLES;

/**
 * Throws FORBIDDEN unless the principal may run `operation` and, when the
 * write names a pipeline, that pipeline is within its scope. Called before
 * any upstream call, so a refused write costs CodePipeline nothing.
 */
export function authorizeMutation(
  principal: Principal,
  operation: MutationOperation,
  pipelineName?: string,
): void {
  requireRole(principal, MUTATION_ROLES[operation]);
  if (pipelineName !== undefined) requireScope(principal, pipelineName);
}

/**
 * The pipeline a CodePipeline ARN names, or undefined for other resources
 * (webhooks, action types): `arn:aws:codepipeline:<region>:<account>:<name>`.
 */
export function pipelineNameFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'codepipeline') return undefined;
  const resource = parts[5] ?? '';
  return resource === '' || resource.includes('/') ? undefined : resource;
}

/**
 * Throws FORBIDDEN unless the principal may tag (or untag) this resource: a
 * pipeline within its scope, or, for a principal scoped to every pipeline,
 * anything. Webhooks and action types are not pipelines; a principal bound to
 * some pipelines may not relabel what others share.
 */
export function authorizeTagging(
  principal: Principal,
  operation: 'TagResource' | 'UntagResource',
  resourceArn: string,
): void {
  requireRole(principal, MUTATION_ROLES[operation]);
  const pipelineName = pipelineNameFromArn(resourceArn);
  if (pipelineName !== undefined) requireScope(principal, pipelineName);
  else if (!isUnrestricted(principal)) {
    throw forbidden(`Only a principal scoped to every pipeline may tag ${resourceArn}`);
  }
}
