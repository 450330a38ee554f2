import {
  ActionCategory,
  ActionConfigurationPropertyType,
  ActionExecutionStatus,
  ActionOwner,
  ApprovalStatus,
  ArtifactLocationType,
  ArtifactStoreType,
  BlockerType,
  ConditionExecutionStatus,
  ConditionType,
  EncryptionKeyType,
  EnvironmentVariableType,
  ExecutionMode,
  ExecutionType,
  ExecutorType,
  FailureType,
  GitPullRequestEventType,
  JobStatus,
  PipelineExecutionStatus,
  PipelineTriggerProviderType,
  PipelineType,
  Result,
  RetryTrigger,
  RuleCategory,
  RuleConfigurationPropertyType,
  RuleExecutionStatus,
  RuleOwner,
  SourceRevisionType,
  StageExecutionStatus,
  StageRetryMode,
  StageTransitionType,
  StartTimeRange,
  TargetFilterName,
  TriggerType,
  WebhookAuthenticationType,
} from '@aws-sdk/client-codepipeline';
import { registerEnumType } from 'type-graphql';

/*
 * Every CodePipeline enum, registered under its SDK name with the AWS values as GraphQL values
 * (InProgress, Succeeded, ...), so SDK outputs pass through untranslated. Importing this module
 * registers them; the type files import it for that side effect.
 */

registerEnumType(ActionCategory, {
  name: 'ActionCategory',
  description: 'What kind of work an action does.',
});
registerEnumType(ActionConfigurationPropertyType, {
  name: 'ActionConfigurationPropertyType',
  description: 'The value type of a custom action configuration property.',
});
registerEnumType(ActionExecutionStatus, {
  name: 'ActionExecutionStatus',
  description: 'The status of one action execution.',
});
registerEnumType(ActionOwner, {
  name: 'ActionOwner',
  description: 'Who provides an action type: AWS, a partner (ThirdParty) or this account (Custom).',
});
registerEnumType(ApprovalStatus, { name: 'ApprovalStatus', description: 'The answer to a manual approval.' });
registerEnumType(ArtifactLocationType, {
  name: 'ArtifactLocationType',
  description: 'Where a job artifact is stored.',
});
registerEnumType(ArtifactStoreType, {
  name: 'ArtifactStoreType',
  description: 'The kind of a pipeline artifact store.',
});
registerEnumType(BlockerType, { name: 'BlockerType', description: 'The kind of a stage blocker.' });
registerEnumType(ConditionExecutionStatus, {
  name: 'ConditionExecutionStatus',
  description: 'The status of a stage condition check.',
});
registerEnumType(ConditionType, {
  name: 'ConditionType',
  description: 'Which stage condition a request is about.',
});
registerEnumType(EncryptionKeyType, {
  name: 'EncryptionKeyType',
  description: 'The kind of an artifact encryption key.',
});
registerEnumType(EnvironmentVariableType, {
  name: 'EnvironmentVariableType',
  description: 'How a compute action environment variable value is interpreted.',
});
registerEnumType(ExecutionMode, {
  name: 'ExecutionMode',
  description: 'How a pipeline handles overlapping executions.',
});
registerEnumType(ExecutionType, {
  name: 'ExecutionType',
  description: 'Whether an execution is a normal run or a rollback.',
});
registerEnumType(ExecutorType, {
  name: 'ExecutorType',
  description: 'How a custom action type runs its jobs.',
});
registerEnumType(FailureType, { name: 'FailureType', description: 'Why a job worker reports a job failed.' });
registerEnumType(GitPullRequestEventType, {
  name: 'GitPullRequestEventType',
  description: 'A pull request event a trigger can start on.',
});
registerEnumType(JobStatus, { name: 'JobStatus', description: 'The status of a job given to a job worker.' });
registerEnumType(PipelineExecutionStatus, {
  name: 'PipelineExecutionStatus',
  description: 'The status of a pipeline execution.',
});
registerEnumType(PipelineTriggerProviderType, {
  name: 'PipelineTriggerProviderType',
  description: 'The source provider of a pipeline trigger.',
});
registerEnumType(PipelineType, {
  name: 'PipelineType',
  description: 'The pipeline generation: V2 adds triggers, variables and execution modes.',
});
registerEnumType(Result, {
  name: 'Result',
  description: 'What CodePipeline does when a stage condition fails or a stage fails.',
});
registerEnumType(RetryTrigger, { name: 'RetryTrigger', description: 'What retried a stage.' });
registerEnumType(RuleCategory, {
  name: 'RuleCategory',
  description: 'The category of a condition rule type.',
});
registerEnumType(RuleConfigurationPropertyType, {
  name: 'RuleConfigurationPropertyType',
  description: 'The value type of a rule configuration property.',
});
registerEnumType(RuleExecutionStatus, {
  name: 'RuleExecutionStatus',
  description: 'The status of one rule execution.',
});
registerEnumType(RuleOwner, { name: 'RuleOwner', description: 'Who provides a rule type.' });
registerEnumType(SourceRevisionType, {
  name: 'SourceRevisionType',
  description: 'The kind of a source revision override.',
});
registerEnumType(StageExecutionStatus, {
  name: 'StageExecutionStatus',
  description: 'The status of a stage execution.',
});
registerEnumType(StageRetryMode, {
  name: 'StageRetryMode',
  description: 'Which actions a stage retry runs again.',
});
registerEnumType(StageTransitionType, {
  name: 'StageTransitionType',
  description: 'Which side of a stage a transition is on.',
});
registerEnumType(StartTimeRange, {
  name: 'StartTimeRange',
  description: 'Which executions a latest-in-execution filter covers.',
});
registerEnumType(TargetFilterName, {
  name: 'TargetFilterName',
  description: 'A field deploy targets can be filtered on.',
});
registerEnumType(TriggerType, { name: 'TriggerType', description: 'What started a pipeline execution.' });
registerEnumType(WebhookAuthenticationType, {
  name: 'WebhookAuthenticationType',
  description: 'How a webhook authenticates incoming calls.',
});

export {
  ActionCategory,
  ActionConfigurationPropertyType,
  ActionExecutionStatus,
  ActionOwner,
  ApprovalStatus,
  ArtifactLocationType,
  ArtifactStoreType,
  BlockerType,
  ConditionExecutionStatus,
  ConditionType,
  EncryptionKeyType,
  EnvironmentVariableType,
  ExecutionMode,
  ExecutionType,
  ExecutorType,
  FailureType,
  GitPullRequestEventType,
  JobStatus,
  PipelineExecutionStatus,
  PipelineTriggerProviderType,
  PipelineType,
  Result,
  RetryTrigger,
  RuleCategory,
  RuleConfigurationPropertyType,
  RuleExecutionStatus,
  RuleOwner,
  SourceRevisionType,
  StageExecutionStatus,
  StageRetryMode,
  StageTransitionType,
  StartTimeRange,
  TargetFilterName,
  TriggerType,
  WebhookAuthenticationType,
};
