import { ActionDeclaration, EnvironmentVariable } from './stage-and-action/action-declaration.type';
import {
  ActionExecutionDetail,
  ActionExecutionInput,
  ActionExecutionOutput,
  ActionExecutionResult,
} from './execution/action-execution.type';
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
} from './catalog/action-type-declaration.type';
import { ActionConfigurationProperty, ActionType, ActionTypeSettings } from './catalog/action-type.type';
import { ArtifactStore } from './pipeline/artifact-store.type';
import {
  Artifact,
  ArtifactDetail,
  ArtifactLocation,
  InputArtifact,
  OutputArtifact,
  S3ArtifactLocation,
  S3Location,
} from './shared/artifact.type';
import { ActionTypeId, ArtifactDetails, EncryptionKey, ErrorDetails, RuleTypeId } from './shared/common.type';
import {
  ConditionExecution,
  ConditionState,
  RuleExecution,
  RuleRevision,
  RuleState,
  StageConditionsExecution,
  StageConditionState,
} from './stage-and-action/condition-state.type';
import {
  BeforeEntryConditions,
  Condition,
  FailureConditions,
  RetryConfiguration,
  RuleDeclaration,
  SuccessConditions,
} from './stage-and-action/condition.type';
import {
  DeployActionExecutionTarget,
  DeployTargetEvent,
  DeployTargetEventContext,
} from './execution/deploy-target.type';
import {
  ArtifactRevision,
  ExecutionTrigger,
  PipelineExecutionSummary,
  PipelineRollbackMetadata,
  ResolvedPipelineVariable,
  SourceRevision,
  StopExecutionTrigger,
} from './execution/execution.type';
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
} from './job/job.type';
import { PipelineDeclaration, PipelineMetadata } from './pipeline/pipeline-declaration.type';
import { PipelineSummary } from './pipeline/pipeline-summary.type';
import {
  RuleExecutionDetail,
  RuleExecutionInput,
  RuleExecutionOutput,
  RuleExecutionResult,
} from './execution/rule-execution.type';
import { RuleConfigurationProperty, RuleType, RuleTypeSettings } from './catalog/rule-type.type';
import { BlockerDeclaration, StageDeclaration } from './stage-and-action/stage-declaration.type';
import {
  ActionExecution,
  ActionRevision,
  ActionState,
  RetryStageMetadata,
  StageExecution,
  StageState,
  TransitionState,
} from './stage-and-action/state.type';
import { Tag } from './tag/tag.type';
import {
  GitBranchFilterCriteria,
  GitConfiguration,
  GitFilePathFilterCriteria,
  GitPullRequestFilter,
  GitPushFilter,
  GitTagFilterCriteria,
  PipelineTriggerDeclaration,
} from './pipeline/trigger.type';
import { PipelineVariableDeclaration } from './pipeline/variable.type';
import {
  ListWebhookItem,
  WebhookAuthConfiguration,
  WebhookDefinition,
  WebhookFilterRule,
} from './webhook/webhook.type';

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
