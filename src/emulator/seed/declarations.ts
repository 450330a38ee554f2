import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from '@aws-sdk/client-codepipeline';

/** The role every demo pipeline runs as. */
export const DEMO_ROLE = 'arn:aws:iam::123456789012:role/demo-codepipeline-service-role';

const STORE = { type: 'S3' as const, location: 'demo-codepipeline-artifacts-us-east-1' };

/** Reserved configuration that tells the engine how long an action runs and how it may fail. */
function sim(durationMs: number, failureRate?: number): Record<string, string> {
  const out: Record<string, string> = { EmulatorDurationMs: String(durationMs) };
  if (failureRate !== undefined) out.EmulatorFailureRate = String(failureRate);
  return out;
}

function githubSource(repo: string, durationMs = 4_000): ActionDeclaration {
  return {
    name: 'Source',
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
    configuration: {
      ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/demo',
      FullRepositoryId: repo,
      BranchName: 'main',
      ...sim(durationMs),
    },
    outputArtifacts: [{ name: 'SourceOutput' }],
    namespace: 'SourceVariables',
    runOrder: 1,
  };
}

function codeCommitSource(repo: string): ActionDeclaration {
  return {
    name: 'Source',
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
    configuration: { RepositoryName: repo, BranchName: 'main', ...sim(3_000) },
    outputArtifacts: [{ name: 'SourceOutput' }],
    runOrder: 1,
  };
}

function s3Source(key: string): ActionDeclaration {
  return {
    name: 'Source',
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
    configuration: {
      S3Bucket: 'demo-sources',
      S3ObjectKey: key,
      PollForSourceChanges: 'false',
      ...sim(2_000),
    },
    outputArtifacts: [{ name: 'SourceOutput' }],
    runOrder: 1,
  };
}

function codeBuild(
  name: string,
  project: string,
  durationMs: number,
  input: string,
  output?: string,
  failureRate?: number,
  category: 'Build' | 'Test' = 'Build',
): ActionDeclaration {
  return {
    name,
    actionTypeId: { category, owner: 'AWS', provider: 'CodeBuild', version: '1' },
    configuration: { ProjectName: project, ...sim(durationMs, failureRate) },
    inputArtifacts: [{ name: input }],
    outputArtifacts: output ? [{ name: output }] : [],
    runOrder: 1,
  };
}

function manualApproval(name: string): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
    configuration: { CustomData: 'Check the staging deployment before it reaches customers.' },
    runOrder: 1,
  };
}

function deploy(
  name: string,
  provider: 'S3' | 'CodeDeploy' | 'CloudFormation' | 'ECS',
  input: string,
  durationMs: number,
  failureRate?: number,
): ActionDeclaration {
  const configuration: Record<string, string> = {
    S3: { BucketName: 'demo-site-bucket', Extract: 'true' },
    CodeDeploy: { ApplicationName: 'demo-app', DeploymentGroupName: 'production' },
    CloudFormation: {
      ActionMode: 'CREATE_UPDATE',
      StackName: 'demo-stack',
      RoleArn: DEMO_ROLE,
      TemplatePath: `${input}::template.yml`,
    },
    ECS: { ClusterName: 'demo-cluster', ServiceName: 'demo-service', FileName: 'imagedefinitions.json' },
  }[provider];
  return {
    name,
    actionTypeId: { category: 'Deploy', owner: 'AWS', provider, version: '1' },
    configuration: { ...configuration, ...sim(durationMs, failureRate) },
    inputArtifacts: [{ name: input }],
    runOrder: 1,
  };
}

function stage(name: string, ...actions: ActionDeclaration[]): StageDeclaration {
  return { name, actions };
}

function v1(name: string, stages: StageDeclaration[]): PipelineDeclaration {
  return {
    name,
    roleArn: DEMO_ROLE,
    artifactStore: STORE,
    stages,
    pipelineType: 'V1',
    executionMode: 'SUPERSEDED',
  };
}

function v2(
  name: string,
  mode: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL',
  stages: StageDeclaration[],
  extra: Partial<PipelineDeclaration> = {},
): PipelineDeclaration {
  return {
    name,
    roleArn: DEMO_ROLE,
    artifactStore: STORE,
    stages,
    pipelineType: 'V2',
    executionMode: mode,
    ...extra,
  };
}

/** A demo pipeline and what the seed does with it. */
export interface DemoPipeline {
  declaration: PipelineDeclaration;
  tags?: { key: string; value: string }[];
  /** Mean simulated time between commits that start an execution. */
  commitEveryMs: number;
}

/**
 * The demo fleet: a dozen pipelines of the shapes a platform team runs, so a
 * dashboard has something true to show on first start. Each shape exercises
 * a part of the graph: V1 and V2, the three execution modes, an approval
 * gate, a flaky test stage, a disabled transition, conditions, variables,
 * triggers, tags and a webhook.
 */
export const DEMO_FLEET: DemoPipeline[] = [
  {
    declaration: v2(
      'web-frontend',
      'QUEUED',
      [
        stage('Source', githubSource('acme/web-frontend')),
        stage('Build', codeBuild('Build', 'web-frontend-build', 25_000, 'SourceOutput', 'BuildOutput')),
        stage('Deploy', deploy('DeployToS3', 'S3', 'BuildOutput', 8_000)),
      ],
      {
        variables: [{ name: 'DeployEnv', defaultValue: 'production', description: 'Where the site goes' }],
        triggers: [
          {
            providerType: 'CodeStarSourceConnection',
            gitConfiguration: { sourceActionName: 'Source', push: [{ branches: { includes: ['main'] } }] },
          },
        ],
      },
    ),
    tags: [
      { key: 'team', value: 'web' },
      { key: 'tier', value: 'frontend' },
    ],
    commitEveryMs: 90_000,
  },
  {
    declaration: v2('payments-api', 'SUPERSEDED', [
      stage('Source', githubSource('acme/payments-api')),
      stage('Build', codeBuild('Build', 'payments-build', 30_000, 'SourceOutput', 'BuildOutput')),
      stage('Staging', deploy('DeployStaging', 'CodeDeploy', 'BuildOutput', 15_000)),
      stage('Approval', manualApproval('ReleaseApproval')),
      stage('Production', deploy('DeployProduction', 'CodeDeploy', 'BuildOutput', 20_000)),
    ]),
    tags: [
      { key: 'team', value: 'payments' },
      { key: 'compliance', value: 'pci' },
    ],
    commitEveryMs: 240_000,
  },
  {
    declaration: v1('flaky-integration-tests', [
      stage('Source', codeCommitSource('integration-suite')),
      stage(
        'Test',
        codeBuild('IntegrationTests', 'integration-tests', 20_000, 'SourceOutput', undefined, 0.35, 'Test'),
      ),
      stage('Report', codeBuild('PublishReport', 'publish-report', 5_000, 'SourceOutput')),
    ]),
    tags: [{ key: 'team', value: 'qa' }],
    commitEveryMs: 75_000,
  },
  {
    declaration: v1('legacy-monolith', [
      stage('Source', codeCommitSource('monolith')),
      stage('Build', codeBuild('Build', 'monolith-build', 40_000, 'SourceOutput', 'BuildOutput')),
      stage('Deploy', deploy('Deploy', 'CodeDeploy', 'BuildOutput', 30_000)),
    ]),
    tags: [
      { key: 'team', value: 'core' },
      { key: 'status', value: 'frozen' },
    ],
    commitEveryMs: 300_000,
  },
  {
    declaration: v2('mobile-app', 'PARALLEL', [
      stage('Source', githubSource('acme/mobile-app')),
      stage(
        'Build',
        codeBuild('BuildAndroid', 'mobile-android', 35_000, 'SourceOutput', 'AndroidOutput'),
        codeBuild('BuildIOS', 'mobile-ios', 45_000, 'SourceOutput', 'IOSOutput'),
      ),
      stage('Publish', deploy('PublishArtifacts', 'S3', 'AndroidOutput', 6_000)),
    ]),
    tags: [{ key: 'team', value: 'mobile' }],
    commitEveryMs: 60_000,
  },
  {
    declaration: v1('infra-network', [
      stage('Source', s3Source('infra/network.zip')),
      stage('Deploy', deploy('DeployStack', 'CloudFormation', 'SourceOutput', 45_000)),
    ]),
    tags: [{ key: 'team', value: 'platform' }],
    commitEveryMs: 600_000,
  },
  {
    declaration: v2(
      'data-etl',
      'QUEUED',
      [
        stage('Source', s3Source('etl/jobs.zip')),
        stage('Validate', {
          name: 'ValidateSchemas',
          actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
          configuration: { FunctionName: 'validate-etl-schemas', ...sim(6_000) },
          inputArtifacts: [{ name: 'SourceOutput' }],
          runOrder: 1,
        }),
        stage('Deploy', deploy('DeployJobs', 'CloudFormation', 'SourceOutput', 20_000)),
      ],
      { variables: [{ name: 'BatchSize', defaultValue: '500' }] },
    ),
    tags: [{ key: 'team', value: 'data' }],
    commitEveryMs: 180_000,
  },
  {
    declaration: v1('docs-site', [
      stage('Source', githubSource('acme/docs', 2_000)),
      stage('Build', codeBuild('Build', 'docs-build', 12_000, 'SourceOutput', 'Site')),
      stage('Deploy', deploy('Publish', 'S3', 'Site', 4_000)),
    ]),
    tags: [{ key: 'team', value: 'devrel' }],
    commitEveryMs: 120_000,
  },
  {
    declaration: v2('search-indexer', 'SUPERSEDED', [
      stage('Source', githubSource('acme/search-indexer')),
      stage('Build', codeBuild('Build', 'search-build', 20_000, 'SourceOutput', 'BuildOutput')),
      {
        ...stage('Deploy', deploy('Deploy', 'ECS', 'BuildOutput', 25_000)),
        beforeEntry: {
          conditions: [
            {
              result: 'FAIL',
              rules: [
                {
                  name: 'NoAlarms',
                  ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'CloudWatchAlarm', version: '1' },
                  configuration: { AlarmName: 'search-5xx', WaitTime: '1', EmulatorDurationMs: '5000' },
                },
              ],
            },
          ],
        },
      },
    ]),
    tags: [{ key: 'team', value: 'search' }],
    commitEveryMs: 150_000,
  },
  {
    declaration: v2('auth-service', 'SUPERSEDED', [
      stage('Source', githubSource('acme/auth-service')),
      stage('Build', codeBuild('Build', 'auth-build', 25_000, 'SourceOutput', 'BuildOutput')),
      {
        ...stage('Deploy', deploy('Deploy', 'ECS', 'BuildOutput', 20_000, 0.15)),
        onFailure: { result: 'ROLLBACK' },
      },
    ]),
    tags: [{ key: 'team', value: 'identity' }],
    commitEveryMs: 200_000,
  },
  {
    declaration: v1('ml-training', [
      stage('Source', s3Source('ml/dataset-manifest.json')),
      stage('Train', codeBuild('Train', 'ml-train', 240_000, 'SourceOutput', 'Model')),
      stage('Register', codeBuild('RegisterModel', 'ml-register', 10_000, 'Model')),
    ]),
    tags: [
      { key: 'team', value: 'ml' },
      { key: 'cost-center', value: 'research' },
    ],
    commitEveryMs: 900_000,
  },
  {
    declaration: v1('billing-batch', [
      stage('Source', codeCommitSource('billing-batch')),
      stage('Build', codeBuild('Build', 'billing-build', 18_000, 'SourceOutput', 'BuildOutput')),
      stage('Deploy', deploy('Deploy', 'ECS', 'BuildOutput', 15_000)),
    ]),
    tags: [{ key: 'team', value: 'payments' }],
    commitEveryMs: 360_000,
  },
];

/** The pipeline whose Deploy stage is held behind a disabled transition. */
export const DISABLED_TRANSITION = {
  pipelineName: 'legacy-monolith',
  stageName: 'Deploy',
  reason: 'Change freeze until Monday',
};

/** The pipeline that carries the demo webhook. */
export const DEMO_WEBHOOK = { name: 'docs-site-github', targetPipeline: 'docs-site', targetAction: 'Source' };
