import type {
  ActionDeclaration,
  ArtifactStore,
  ExecutionMode,
  PipelineDeclaration,
  PipelineTriggerDeclaration,
  PipelineType,
  PipelineVariableDeclaration,
  RuleDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';

/**
 * Pipeline declarations for tests, built from the built-in AWS action types
 * with every configuration property they require, so they pass the
 * emulator's validation as they would pass AWS's.
 *
 * Every builder takes a `config` (or per-action config option) merged over
 * the defaults: that is where a test puts the emulator's reserved keys to
 * script an action, e.g. `{ EmulatorDurationMs: '60000' }` or
 * `{ EmulatorOutcome: 'Failed' }`.
 */

/** A configuration map, merged over a builder's defaults. */
export type Config = Record<string, string>;

/** The service role every fixture pipeline uses. */
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/codepipeline-service-role';

/** The artifact store every fixture pipeline uses. */
export const ARTIFACT_STORE: ArtifactStore = { type: 'S3', location: 'emulator-artifact-bucket' };

/** The connection of CodeStarSourceConnection sources. */
export const CONNECTION_ARN =
  'arn:aws:codestar-connections:us-east-1:123456789012:connection/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** A Source/AWS/S3 action producing `output`. */
export function s3SourceAction(
  name = 'Source',
  output = 'SourceArtifact',
  config: Config = {},
): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
    runOrder: 1,
    configuration: { S3Bucket: 'emulator-source-bucket', S3ObjectKey: 'source.zip', ...config },
    outputArtifacts: [{ name: output }],
  };
}

/** A Source/AWS/CodeStarSourceConnection action (GitHub via a connection) producing `output`. */
export function connectionSourceAction(
  name = 'Source',
  output = 'SourceArtifact',
  config: Config = {},
): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
    runOrder: 1,
    configuration: {
      ConnectionArn: CONNECTION_ARN,
      FullRepositoryId: 'example-org/example-repo',
      BranchName: 'main',
      ...config,
    },
    outputArtifacts: [{ name: output }],
    namespace: 'SourceVariables',
  };
}

/** A Source/ThirdParty/GitHub (version 1) action: the kind RegisterWebhookWithThirdParty supports. */
export function gitHubSourceAction(
  name = 'Source',
  output = 'SourceArtifact',
  config: Config = {},
): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' },
    runOrder: 1,
    configuration: {
      Owner: 'example-org',
      Repo: 'example-repo',
      Branch: 'main',
      OAuthToken: '****',
      ...config,
    },
    outputArtifacts: [{ name: output }],
  };
}

/** A Build/AWS/CodeBuild action reading `input` and, when given, producing `output`. */
export function codeBuildAction(
  name = 'Build',
  input = 'SourceArtifact',
  output: string | undefined = 'BuildArtifact',
  config: Config = {},
): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    runOrder: 1,
    configuration: { ProjectName: `${name}-project`, ...config },
    inputArtifacts: [{ name: input }],
    outputArtifacts: output === undefined ? [] : [{ name: output }],
  };
}

/** A Deploy/AWS/S3 action extracting `input` into a bucket. */
export function s3DeployAction(
  name = 'Deploy',
  input = 'BuildArtifact',
  config: Config = {},
): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
    runOrder: 1,
    configuration: { BucketName: 'emulator-deploy-bucket', Extract: 'true', ...config },
    inputArtifacts: [{ name: input }],
  };
}

/** An Approval/AWS/Manual action: it waits for PutApprovalResult. */
export function manualApprovalAction(name = 'Approve', config: Config = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
    runOrder: 1,
    configuration: { CustomData: 'Please review the build', ...config },
  };
}

/** An Invoke/AWS/Lambda action with no artifacts. */
export function lambdaAction(name = 'Invoke', config: Config = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
    runOrder: 1,
    configuration: { FunctionName: `${name}-function`, ...config },
  };
}

/** A stage of the given actions. */
export function stage(name: string, ...actions: ActionDeclaration[]): StageDeclaration {
  return { name, actions };
}

/** Options of {@link simplePipeline}. */
export interface SimplePipelineOptions {
  pipelineType?: PipelineType;
  executionMode?: ExecutionMode;
  /** Merged over the S3 source action's configuration. */
  source?: Config;
  /** Merged over the CodeBuild action's configuration. */
  build?: Config;
}

/**
 * The smallest valid pipeline: Source (S3) → Build (CodeBuild). V1 and
 * SUPERSEDED unless told otherwise (QUEUED and PARALLEL need V2).
 */
export function simplePipeline(name: string, opts: SimplePipelineOptions = {}): PipelineDeclaration {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    pipelineType: opts.pipelineType,
    executionMode: opts.executionMode,
    stages: [
      stage('Source', s3SourceAction('Source', 'SourceArtifact', opts.source)),
      stage('Build', codeBuildAction('Build', 'SourceArtifact', 'BuildArtifact', opts.build)),
    ],
  };
}

/** The variables {@link v2Pipeline} declares unless told otherwise. */
export const DEFAULT_VARIABLES: PipelineVariableDeclaration[] = [
  { name: 'DeployTarget', defaultValue: 'staging', description: 'Where the Deploy stage deploys' },
  { name: 'ReleaseNotes', description: 'Free text, no default' },
];

/** A push trigger on `main` for the source action named `sourceActionName`. */
export function pushTrigger(sourceActionName = 'Source'): PipelineTriggerDeclaration {
  return {
    providerType: 'CodeStarSourceConnection',
    gitConfiguration: { sourceActionName, push: [{ branches: { includes: ['main'] } }] },
  };
}

/** A VariableCheck rule; give it `EmulatorOutcome: 'Failed'` in `config` to make it fail. */
export function variableCheckRule(name = 'CheckTarget', config: Config = {}): RuleDeclaration {
  return {
    name,
    ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
    configuration: { Variable: '#{variables.DeployTarget}', Value: 'staging', Operator: 'EQ', ...config },
  };
}

/** A CloudWatchAlarm rule watching one alarm. */
export function alarmRule(name = 'NoAlarms', config: Config = {}): RuleDeclaration {
  return {
    name,
    ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'CloudWatchAlarm', version: '1' },
    configuration: { AlarmName: 'deploy-errors', ...config },
  };
}

/** Options of {@link v2Pipeline}. */
export interface V2PipelineOptions {
  executionMode?: ExecutionMode;
  /** Pipeline variables; `[]` for none. Default {@link DEFAULT_VARIABLES}. */
  variables?: PipelineVariableDeclaration[];
  /** Whether to declare a push trigger on the source action. Default true. */
  triggers?: boolean;
  /** Whether the Deploy stage has conditions (see {@link v2Pipeline}). Default true. */
  conditions?: boolean;
  source?: Config;
  build?: Config;
  deploy?: Config;
}

/**
 * A V2 pipeline using the V2 features: Source (CodeStarSourceConnection,
 * namespace SourceVariables) → Build (CodeBuild, retries failed actions on
 * failure) → Deploy (S3). With `conditions` (the default), Deploy has a
 * beforeEntry VariableCheck (result FAIL), an onSuccess CloudWatchAlarm
 * check (result ROLLBACK) and onFailure ROLLBACK. QUEUED unless told otherwise.
 */
export function v2Pipeline(name: string, opts: V2PipelineOptions = {}): PipelineDeclaration {
  const build: StageDeclaration = {
    ...stage('Build', codeBuildAction('Build', 'SourceArtifact', 'BuildArtifact', opts.build)),
    onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } },
  };
  const deploy: StageDeclaration = stage('Deploy', s3DeployAction('Deploy', 'BuildArtifact', opts.deploy));
  if (opts.conditions ?? true) {
    deploy.beforeEntry = { conditions: [{ result: 'FAIL', rules: [variableCheckRule()] }] };
    deploy.onSuccess = { conditions: [{ result: 'ROLLBACK', rules: [alarmRule()] }] };
    deploy.onFailure = { result: 'ROLLBACK' };
  }
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    pipelineType: 'V2',
    executionMode: opts.executionMode ?? 'QUEUED',
    variables: structuredClone(opts.variables ?? DEFAULT_VARIABLES),
    triggers: (opts.triggers ?? true) ? [pushTrigger('Source')] : undefined,
    stages: [stage('Source', connectionSourceAction('Source', 'SourceArtifact', opts.source)), build, deploy],
  };
}

/** Options of {@link approvalPipeline}. */
export interface ApprovalPipelineOptions {
  pipelineType?: PipelineType;
  executionMode?: ExecutionMode;
  /** Merged over the Manual approval action's configuration. */
  approval?: Config;
}

/**
 * Source (S3) → Approval (Manual, named `Approve`) → Deploy (S3): the
 * execution waits in the Approval stage until PutApprovalResult.
 */
export function approvalPipeline(name: string, opts: ApprovalPipelineOptions = {}): PipelineDeclaration {
  return {
    name,
    roleArn: ROLE_ARN,
    artifactStore: { ...ARTIFACT_STORE },
    pipelineType: opts.pipelineType,
    executionMode: opts.executionMode,
    stages: [
      stage('Source', s3SourceAction()),
      stage('Approval', manualApprovalAction('Approve', opts.approval)),
      stage('Deploy', s3DeployAction('Deploy', 'SourceArtifact')),
    ],
  };
}
