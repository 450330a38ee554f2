import type {
  ActionExecutionInput,
  ActionExecutionOutput,
  ActionExecutionStatus,
  ActionTypeDeclaration,
  ActionTypeId,
  ArtifactRevision,
  ConditionExecutionStatus,
  DeployActionExecutionTarget,
  ErrorDetails,
  ExecutionMode,
  ExecutionTrigger,
  ExecutionType,
  JobData,
  ListWebhookItem,
  PipelineDeclaration,
  PipelineExecutionStatus,
  PipelineRollbackMetadata,
  ResolvedPipelineVariable,
  RuleExecutionInput,
  RuleExecutionOutput,
  RuleExecutionStatus,
  SourceRevision,
  StageExecutionStatus,
  StopExecutionTrigger,
  Tag,
} from '@aws-sdk/client-codepipeline';

/**
 * The emulator's whole in-memory world. One instance per emulator; the
 * engine and the operation handlers share it, and `POST /_emulator/reset`
 * replaces it.
 */
export interface EmulatorState {
  /** Pipelines by name. */
  pipelines: Map<string, PipelineRecord>;
  /** Executions by pipelineExecutionId (all pipelines). */
  executions: Map<string, ExecutionRecord>;
  /** Every action execution that ever ran, oldest first, for ListActionExecutions. */
  actionExecutions: ActionRun[];
  /** Every rule execution that ever ran, oldest first, for ListRuleExecutions. */
  ruleExecutions: RuleRun[];
  /** Webhooks by name. */
  webhooks: Map<string, WebhookRecord>;
  /** Tags by resource ARN (pipelines, custom action types, webhooks). */
  tags: Map<string, Tag[]>;
  /** Custom and third-party action types, by `owner/category/provider/version`. */
  actionTypes: Map<string, ActionTypeRecord>;
  /** Jobs (custom and third-party actions), by job id. */
  jobs: Map<string, JobRecord>;
  /** `clientRequestToken` of StartPipelineExecution → the execution it started, per pipeline. */
  startTokens: Map<string, string>;
}

/** Creates an empty world. */
export function emptyState(): EmulatorState {
  return {
    pipelines: new Map(),
    executions: new Map(),
    actionExecutions: [],
    ruleExecutions: [],
    webhooks: new Map(),
    tags: new Map(),
    actionTypes: new Map(),
    jobs: new Map(),
    startTokens: new Map(),
  };
}

/** A pipeline and all its versions. */
export interface PipelineRecord {
  name: string;
  arn: string;
  /** Declarations by version: `versions[v - 1]` is version `v`; the last is current. */
  versions: PipelineDeclaration[];
  created: Date;
  updated: Date;
  /** Inbound transition of each stage, by stage name; a stage absent here is enabled. */
  transitions: Map<string, TransitionRecord>;
}

/** The inbound transition of one stage. */
export interface TransitionRecord {
  enabled: boolean;
  lastChangedBy?: string;
  lastChangedAt?: Date;
  disabledReason?: string;
}

/** One run of a pipeline. */
export interface ExecutionRecord {
  pipelineName: string;
  pipelineExecutionId: string;
  pipelineVersion: number;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  startTime: Date;
  lastUpdateTime: Date;
  trigger: ExecutionTrigger;
  stopTrigger?: StopExecutionTrigger;
  executionMode: ExecutionMode;
  executionType: ExecutionType;
  rollbackMetadata?: PipelineRollbackMetadata;
  variables: ResolvedPipelineVariable[];
  sourceRevisions: SourceRevision[];
  artifactRevisions: ArtifactRevision[];
  clientRequestToken?: string;
  /** Stage runs of this execution by stage name, in the order they were entered. */
  stages: Map<string, StageRun>;
  /**
   * Engine bookkeeping: the index of the stage this execution is in or waiting
   * to enter, and whether it is held before it (disabled transition, queue,
   * entry condition). The engine owns the meaning of these.
   */
  cursor: { stageIndex: number; waiting: 'none' | 'transition' | 'queue' | 'condition' };
  /** Set when StopPipelineExecution asked to stop: 'STOP' finishes running actions, 'ABANDON' abandons them. */
  stopMode?: 'STOP' | 'ABANDON';
}

/** One stage's run within an execution (the latest attempt). */
export interface StageRun {
  stageName: string;
  status: StageExecutionStatus;
  type: ExecutionType;
  startTime: Date;
  lastUpdateTime: Date;
  /** The current attempt's action runs, in declaration order once started. */
  actions: ActionRun[];
  /** Condition runs of this stage (beforeEntry, onSuccess, onFailure). */
  conditions: ConditionRun[];
  /** Retry metadata shown in GetPipelineState. */
  retryAttempt?: number;
  manualStageRetryAttempt?: number;
  latestRetryTrigger?: 'AutomatedStageRetry' | 'ManualStageRetry';
}

/** One action's execution: the unit ListActionExecutions reports. */
export interface ActionRun {
  pipelineName: string;
  pipelineExecutionId: string;
  pipelineVersion: number;
  actionExecutionId: string;
  stageName: string;
  actionName: string;
  status: ActionExecutionStatus;
  startTime: Date;
  lastUpdateTime: Date;
  updatedBy?: string;
  summary?: string;
  errorDetails?: ErrorDetails;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  percentComplete?: number;
  /** Simulated epoch ms at which a timed action finishes; undefined while it waits on a person or a job. */
  dueAtMs?: number;
  /** The outcome a timed action will have when due. */
  plannedOutcome?: 'Succeeded' | 'Failed';
  /** Approval token of a waiting Manual approval action. */
  token?: string;
  /** Job of a custom or third-party action. */
  jobId?: string;
  input: ActionExecutionInput;
  output: ActionExecutionOutput;
  /** Deploy targets this action reported, for ListDeployActionExecutionTargets. */
  deployTargets: DeployActionExecutionTarget[];
}

/** One condition's evaluation within a stage run. */
export interface ConditionRun {
  conditionType: 'BEFORE_ENTRY' | 'ON_SUCCESS' | 'ON_FAILURE';
  status: ConditionExecutionStatus;
  summary?: string;
  lastStatusChange: Date;
  /** Simulated epoch ms at which the rules finish evaluating. */
  dueAtMs?: number;
  rules: RuleRun[];
  /** Set by OverrideStageCondition. */
  overridden?: boolean;
}

/** One rule's execution: the unit ListRuleExecutions reports. */
export interface RuleRun {
  pipelineName: string;
  pipelineExecutionId: string;
  pipelineVersion: number;
  ruleExecutionId: string;
  stageName: string;
  ruleName: string;
  status: RuleExecutionStatus;
  startTime: Date;
  lastUpdateTime: Date;
  updatedBy?: string;
  summary?: string;
  errorDetails?: ErrorDetails;
  input: RuleExecutionInput;
  output: RuleExecutionOutput;
}

/** A webhook as stored: the item ListWebhooks returns, plus its registration state. */
export interface WebhookRecord {
  item: ListWebhookItem;
  registeredWithThirdParty: boolean;
}

/** A custom action type, with its full declaration for GetActionType. */
export interface ActionTypeRecord {
  id: ActionTypeId;
  declaration: ActionTypeDeclaration;
  settings?: import('@aws-sdk/client-codepipeline').ActionTypeSettings;
  inputArtifactDetails: { minimumCount: number; maximumCount: number };
  outputArtifactDetails: { minimumCount: number; maximumCount: number };
  configurationProperties: import('@aws-sdk/client-codepipeline').ActionConfigurationProperty[];
  /** Deleted types stay known for GetActionType of versions but are not listed. */
  deleted: boolean;
}

/** Status of a job, as AWS reports it. */
export type JobStatus =
  'Created' | 'Queued' | 'Dispatched' | 'InProgress' | 'TimedOut' | 'Succeeded' | 'Failed';

/** A job handed to a job worker (custom action) or a partner (third-party action). */
export interface JobRecord {
  id: string;
  kind: 'custom' | 'thirdParty';
  status: JobStatus;
  /** Nonce given on poll and checked on acknowledge. */
  nonce: string;
  accountId: string;
  actionTypeId: ActionTypeId;
  data: JobData;
  /** Third-party jobs: the client token the partner must present. */
  clientId?: string;
  clientToken?: string;
  pipelineName: string;
  pipelineExecutionId: string;
  stageName: string;
  actionName: string;
  actionExecutionId: string;
  created: Date;
}

/** What a job worker reported, handed to the engine to finish the action. */
export type JobResult =
  | {
      status: 'Succeeded';
      summary?: string;
      externalExecutionId?: string;
      percentComplete?: number;
      outputVariables?: Record<string, string>;
      /** A continuation token means "not done": the engine issues a follow-up job. */
      continuationToken?: string;
    }
  | { status: 'Failed'; type: string; message: string; externalExecutionId?: string };
