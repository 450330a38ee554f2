import { NAME_PATTERN } from '../core/input';
import { type StringRule } from './fields';

/**
 * The reference's constraints for the members of a pipeline declaration, in
 * one place so that pipelines, webhooks and rules agree on them.
 */

/** Pipeline, stage, action, rule and webhook names. */
export const NAME_RULE: StringRule = { min: 1, max: 100, pattern: NAME_PATTERN };

/** Input and output artifact names: narrower than other names (no `.` or `@`). */
export const ARTIFACT_NAME_RULE: StringRule = { min: 1, max: 100, pattern: /^[a-zA-Z0-9_-]+$/ };

/** Pipeline and action service roles. */
export const ROLE_ARN_RULE: StringRule = {
  min: 1,
  max: 1024,
  pattern: /^arn:aws(-[\w]+)*:iam::[0-9]{12}:role\/.*$/,
};

/** Action and rule type providers. */
export const PROVIDER_RULE: StringRule = { min: 1, max: 35, pattern: /^[0-9A-Za-z_-]+$/ };

/** Action and rule type versions. */
export const TYPE_VERSION_RULE: StringRule = { min: 1, max: 9, pattern: /^[0-9A-Za-z_-]+$/ };

/** Action variable namespaces. */
export const NAMESPACE_RULE: StringRule = { min: 1, max: 100, pattern: /^[A-Za-z0-9@\-_]+$/ };

/** An action's or rule's Region. */
export const REGION_RULE: StringRule = { min: 4, max: 30 };

/** Configuration keys of actions and rules. */
export const CONFIG_KEY_RULE: StringRule = { min: 1, max: 50 };

/** Configuration values of actions and rules. */
export const CONFIG_VALUE_RULE: StringRule = { min: 1, max: 1000 };

/** Artifact store bucket names. */
export const BUCKET_RULE: StringRule = { min: 3, max: 63, pattern: /^[a-zA-Z0-9\-.]+$/ };

/** Timeouts in minutes for Manual approvals and rules. */
export const TIMEOUT_MINUTES = { min: 5, max: 86_400 } as const;

/** Quotas AWS enforces on a declaration. */
export const LIMITS = {
  minStages: 2,
  maxStages: 50,
  maxActionsPerStage: 50,
  maxVariables: 50,
  maxTriggers: 50,
} as const;
