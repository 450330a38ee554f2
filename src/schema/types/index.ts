import { ActionDeclaration, EnvironmentVariable } from './action-declaration.type';
import {
  ActionExecutionDetail,
  ActionExecutionInput,
  ActionExecutionOutput,
  ActionExecutionResult,
} from './action-execution.type';
import {
  ActionTypeArtifactDetails,
  ActionTypeDeclaration,
  ActionTypeExecutor,
  ActionTypeIdentifier,
  ActionTypePermissions,
  ActionTypeProperty,
  ActionTypeUrls,
  ExecutorConfiguration,
  JobWorkerExecutorConfiguration,
  LambdaExecutorConfiguration,
} from './action-type-declaration.type';
import { ActionConfigurationProperty, ActionType, ActionTypeSettings } from './action-type.type';
import { ArtifactStore } from './artifact-store.type';
import {
  Artifact,
  ArtifactDetail,
  ArtifactLocation,
  InputArtifact,
  OutputArtifact,
  S3ArtifactLocation,
  S3Location,
} from './artifact.type';
import { ActionTypeId, ArtifactDetails, EncryptionKey, ErrorDetails, RuleTypeId } from './common.type';
import {
  ConditionExecution,
  ConditionState,
  RuleExecution,
  RuleRevision,
  RuleState,
  StageConditionsExecution,
  StageConditionState,
} from './condition-state.type';
import {
  BeforeEntryConditions,
  Condition,
  FailureConditions,
  RetryConfiguration,
  RuleDeclaration,
  SuccessConditions,
} from './condition.type';
import {
  DeployActionExecutionTarget,
  DeployTargetEvent,
  DeployTargetEventContext,
} from './deploy-target.type';
import {
  ArtifactRevision,
  ExecutionTrigger,
  PipelineExecutionSummary,
  PipelineRollbackMetadata,
  ResolvedPipelineVariable,
  SourceRevision,
  StopExecutionTrigger,
} from './execution.type';
import {
  ActionConfiguration,
  ActionContext,
  AWSSessionCredentials,
  Job,
  JobData,
  JobDetails,
  PipelineContext,
  StageContext,
  ThirdPartyJob,
  ThirdPartyJobData,
  ThirdPartyJobDetails,
} from './job.type';
import { PipelineDeclaration, PipelineMetadata } from './pipeline-declaration.type';
import { PipelineSummary } from './pipeline-summary.type';
import {
  RuleExecutionDetail,
  RuleExecutionInput,
  RuleExecutionOutput,
  RuleExecutionResult,
} from './rule-execution.type';
import { RuleConfigurationProperty, RuleType, RuleTypeSettings } from './rule-type.type';
import { BlockerDeclaration, StageDeclaration } from './stage-declaration.type';
import {
  ActionExecution,
  ActionRevision,
  ActionState,
  RetryStageMetadata,
  StageExecution,
  StageState,
  TransitionState,
} from './state.type';
import { Tag } from './tag.type';
import {
  GitBranchFilterCriteria,
  GitConfiguration,
  GitFilePathFilterCriteria,
  GitPullRequestFilter,
  GitPushFilter,
  GitTagFilterCriteria,
  PipelineTriggerDeclaration,
} from './trigger.type';
import { PipelineVariableDeclaration } from './variable.type';
import {
  ListWebhookItem,
  WebhookAuthConfiguration,
  WebhookDefinition,
  WebhookFilterRule,
} from './webhook.type';

export * from './action-declaration.type';
export * from './action-execution.type';
export * from './action-type-declaration.type';
export * from './action-type.type';
export * from './artifact-store.type';
export * from './artifact.type';
export * from './common.type';
export * from './condition-state.type';
export * from './condition.type';
export * from './deploy-target.type';
export * from './execution.type';
export * from './job.type';
export * from './pipeline-declaration.type';
export * from './pipeline-summary.type';
export * from './rule-execution.type';
export * from './rule-type.type';
export * from './stage-declaration.type';
export * from './state.type';
export * from './tag.type';
export * from './trigger.type';
export * from './variable.type';
export * from './webhook.mask';
export * from './webhook.type';

/**
 * Every raw SDK-shaped object type. Pass as `orphanedTypes` so the schema emits them even before a
 * resolver returns them.
 */
export const RAW_TYPES = [
  // GetPipeline
  PipelineDeclaration,
  PipelineMetadata,
  ArtifactStore,
  EncryptionKey,
  StageDeclaration,
  BlockerDeclaration,
  ActionDeclaration,
  ActionTypeId,
  EnvironmentVariable,
  InputArtifact,
  OutputArtifact,
  BeforeEntryConditions,
  SuccessConditions,
  FailureConditions,
  RetryConfiguration,
  Condition,
  RuleDeclaration,
  RuleTypeId,
  PipelineTriggerDeclaration,
  GitConfiguration,
  GitPushFilter,
  GitPullRequestFilter,
  GitBranchFilterCriteria,
  GitFilePathFilterCriteria,
  GitTagFilterCriteria,
  PipelineVariableDeclaration,
  // GetPipelineState
  StageState,
  StageExecution,
  TransitionState,
  ActionState,
  ActionRevision,
  ActionExecution,
  ErrorDetails,
  RetryStageMetadata,
  StageConditionState,
  StageConditionsExecution,
  ConditionState,
  ConditionExecution,
  RuleState,
  RuleRevision,
  RuleExecution,
  // GetPipelineExecution / ListPipelineExecutions
  ArtifactRevision,
  ResolvedPipelineVariable,
  ExecutionTrigger,
  PipelineRollbackMetadata,
  PipelineExecutionSummary,
  SourceRevision,
  StopExecutionTrigger,
  // ListActionExecutions
  ActionExecutionDetail,
  ActionExecutionInput,
  ActionExecutionOutput,
  ActionExecutionResult,
  ArtifactDetail,
  S3Location,
  // ListRuleExecutions
  RuleExecutionDetail,
  RuleExecutionInput,
  RuleExecutionOutput,
  RuleExecutionResult,
  // ListDeployActionExecutionTargets
  DeployActionExecutionTarget,
  DeployTargetEvent,
  DeployTargetEventContext,
  // ListPipelines
  PipelineSummary,
  // ListWebhooks
  ListWebhookItem,
  WebhookDefinition,
  WebhookFilterRule,
  WebhookAuthConfiguration,
  // ListTagsForResource
  Tag,
  // ListActionTypes / GetActionType
  ActionType,
  ActionTypeSettings,
  ActionConfigurationProperty,
  ArtifactDetails,
  ActionTypeDeclaration,
  ActionTypeExecutor,
  ExecutorConfiguration,
  LambdaExecutorConfiguration,
  JobWorkerExecutorConfiguration,
  ActionTypeIdentifier,
  ActionTypeArtifactDetails,
  ActionTypePermissions,
  ActionTypeProperty,
  ActionTypeUrls,
  // ListRuleTypes
  RuleType,
  RuleTypeSettings,
  RuleConfigurationProperty,
  // GetJobDetails / PollForJobs / GetThirdPartyJobDetails / PollForThirdPartyJobs
  Job,
  JobDetails,
  JobData,
  ActionConfiguration,
  PipelineContext,
  StageContext,
  ActionContext,
  Artifact,
  ArtifactLocation,
  S3ArtifactLocation,
  AWSSessionCredentials,
  ThirdPartyJob,
  ThirdPartyJobDetails,
  ThirdPartyJobData,
] as const;
