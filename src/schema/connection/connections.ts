import { connectionOf } from './connection.type';
import { PipelineExecution } from '../execution/pipeline-execution.type';
import { Pipeline } from '../pipeline/pipeline.type';
import { ActionExecutionDetail } from '../execution/action-execution.type';
import { DeployActionExecutionTarget } from '../execution/deploy-target.type';
import { RuleExecutionDetail } from '../execution/rule-execution.type';
import { ListWebhookItem } from '../webhook/webhook.type';

/** The graph's Relay connections, one per list CodePipeline pages. */
// A listed pipeline may be deleted before its fields are read: its node alone goes null (vanished-pipeline.ts).
export const PipelineConnection = connectionOf('Pipeline', Pipeline, { nullableNodes: true });
export const PipelineExecutionConnection = connectionOf('PipelineExecution', PipelineExecution);
export const ActionExecutionConnection = connectionOf('ActionExecution', ActionExecutionDetail);
export const RuleExecutionConnection = connectionOf('RuleExecution', RuleExecutionDetail);
export const DeployTargetConnection = connectionOf('DeployTarget', DeployActionExecutionTarget);
export const WebhookConnection = connectionOf('Webhook', ListWebhookItem);

/** Upstream page limits per list (the API's maxResults ceilings). */
export const LIMITS = {
  pipelines: 1000,
  executions: 100,
  actionExecutions: 100,
  ruleExecutions: 100,
  deployTargets: 100,
  webhooks: 100,
} as const;
