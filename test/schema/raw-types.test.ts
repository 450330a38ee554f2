import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as sdk from '@aws-sdk/client-codepipeline';
import { graphql, type GraphQLSchema, printSchema } from 'graphql';
import { buildSchema, Query, Resolver } from 'type-graphql';
import { ActionExecutionDetail } from '../../src/schema/execution/action-execution.type';
import { PipelineDeclaration } from '../../src/schema/pipeline/pipeline-declaration.type';
import { RAW_TYPES } from '../../src/schema/raw-types';
import { StageState } from '../../src/schema/stage-and-action/state.type';
import { maskWebhookItem, type MaskedWebhookItem } from '../../src/schema/webhook/webhook.mask';
import { ListWebhookItem } from '../../src/schema/webhook/webhook.type';

const T0 = new Date('2024-05-01T10:00:00.000Z');
const T1 = new Date('2024-05-01T10:05:30.000Z');

const PIPELINE: sdk.PipelineDeclaration = {
  name: 'web',
  roleArn: 'arn:aws:iam::111122223333:role/pipeline',
  artifactStore: {
    type: 'S3',
    location: 'artifacts-bucket',
    encryptionKey: { id: 'alias/pipeline', type: 'KMS' },
  },
  pipelineType: 'V2',
  executionMode: 'QUEUED',
  version: 3,
  variables: [{ name: 'ENV', defaultValue: 'staging', description: 'Target environment' }],
  triggers: [
    {
      providerType: 'CodeStarSourceConnection',
      gitConfiguration: {
        sourceActionName: 'Source',
        push: [{ branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**'] } }],
        pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: { includes: ['feature/*'] } }],
      },
    },
  ],
  stages: [
    {
      name: 'Source',
      actions: [
        {
          name: 'Source',
          actionTypeId: {
            category: 'Source',
            owner: 'AWS',
            provider: 'CodeStarSourceConnection',
            version: '1',
          },
          configuration: { FullRepositoryId: 'acme/web', BranchName: 'main' },
          outputArtifacts: [{ name: 'SourceOutput' }],
          runOrder: 1,
        },
      ],
    },
    {
      name: 'Deploy',
      beforeEntry: {
        conditions: [
          {
            result: 'FAIL',
            rules: [
              {
                name: 'Window',
                ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow', version: '1' },
                configuration: { Cron: '0 9 ? * MON-FRI *' },
              },
            ],
          },
        ],
      },
      onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } },
      actions: [
        {
          name: 'Approve',
          actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
        },
      ],
    },
  ],
};

const STAGE_STATE: sdk.StageState = {
  stageName: 'Deploy',
  inboundTransitionState: { enabled: true },
  latestExecution: { pipelineExecutionId: 'exec-1', status: 'InProgress', type: 'STANDARD' },
  actionStates: [
    {
      actionName: 'Approve',
      latestExecution: {
        actionExecutionId: 'act-1',
        status: 'InProgress',
        lastStatusChange: T0,
        token: 'approval-token-123',
      },
    },
  ],
  beforeEntryConditionState: {
    latestExecution: { status: 'Succeeded', summary: 'All conditions met' },
    conditionStates: [
      {
        latestExecution: { status: 'Succeeded', lastStatusChange: T1 },
        ruleStates: [
          { ruleName: 'Window', latestExecution: { status: 'Succeeded', ruleExecutionId: 'r-1' } },
        ],
      },
    ],
  },
  retryStageMetadata: { autoStageRetryAttempt: 1, latestRetryTrigger: 'AutomatedStageRetry' },
};

const ACTION_EXECUTION: sdk.ActionExecutionDetail = {
  pipelineExecutionId: 'exec-1',
  actionExecutionId: 'act-0',
  stageName: 'Build',
  actionName: 'Build',
  status: 'Succeeded',
  startTime: T0,
  lastUpdateTime: T1,
  input: {
    actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    configuration: { ProjectName: '#{variables.ENV}-build' },
    resolvedConfiguration: { ProjectName: 'staging-build' },
    inputArtifacts: [
      { name: 'SourceOutput', s3location: { bucket: 'artifacts-bucket', key: 'web/Source/abc' } },
    ],
  },
  output: { outputVariables: { IMAGE_TAG: 'v42' }, executionResult: { externalExecutionId: 'build:1' } },
};

const WEBHOOK: sdk.ListWebhookItem = {
  url: 'https://webhooks.example/abc',
  arn: 'arn:aws:codepipeline:us-east-1:111122223333:webhook:gh',
  lastTriggered: T1,
  tags: [{ key: 'team', value: 'web' }],
  definition: {
    name: 'gh',
    targetPipeline: 'web',
    targetAction: 'Source',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
    authentication: 'GITHUB_HMAC',
    authenticationConfiguration: { SecretToken: 'super-secret' },
  },
};

@Resolver()
class ProbeResolver {
  @Query(() => PipelineDeclaration)
  pipeline(): sdk.PipelineDeclaration {
    return PIPELINE;
  }

  @Query(() => StageState)
  stageState(): sdk.StageState {
    return STAGE_STATE;
  }

  @Query(() => ActionExecutionDetail)
  actionExecution(): sdk.ActionExecutionDetail {
    return ACTION_EXECUTION;
  }

  @Query(() => ListWebhookItem)
  webhook(): MaskedWebhookItem {
    return maskWebhookItem(WEBHOOK);
  }
}

describe('the raw CodePipeline object types', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildSchema({
      resolvers: [ProbeResolver],
      orphanedTypes: [...RAW_TYPES],
      validate: false,
    });
  });

  async function run(source: string): Promise<Record<string, unknown>> {
    const result = await graphql({ schema, source });
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, unknown>;
  }

  it('emits every raw type, including the ones no query returns', () => {
    for (const type of RAW_TYPES) expect(schema.getType(type.name)).toBeDefined();
    expect(schema.getType('JobData')).toBeDefined();
    expect(schema.getType('RuleExecutionDetail')).toBeDefined();
  });

  it('resolves a V2 pipeline declaration with triggers, variables and stage conditions', async () => {
    const data = await run(`{
      pipeline {
        name pipelineType executionMode version
        artifactStore { type location encryptionKey { id type } }
        variables { name defaultValue }
        triggers { providerType gitConfiguration {
          sourceActionName
          push { branches { includes } filePaths { excludes } }
          pullRequest { events branches { includes } }
        } }
        stages {
          name
          actions { name runOrder configuration actionTypeId { category owner provider version } outputArtifacts { name } }
          beforeEntry { conditions { result rules { name configuration ruleTypeId { category owner provider } } } }
          onFailure { result retryConfiguration { retryMode } }
        }
      }
    }`);
    expect(data.pipeline).toMatchObject({
      name: 'web',
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      version: 3,
      artifactStore: {
        type: 'S3',
        location: 'artifacts-bucket',
        encryptionKey: { id: 'alias/pipeline', type: 'KMS' },
      },
      variables: [{ name: 'ENV', defaultValue: 'staging' }],
      triggers: [
        {
          providerType: 'CodeStarSourceConnection',
          gitConfiguration: {
            sourceActionName: 'Source',
            push: [{ branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**'] } }],
            pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: { includes: ['feature/*'] } }],
          },
        },
      ],
      stages: [
        {
          name: 'Source',
          actions: [
            {
              name: 'Source',
              runOrder: 1,
              configuration: { FullRepositoryId: 'acme/web', BranchName: 'main' },
              actionTypeId: {
                category: 'Source',
                owner: 'AWS',
                provider: 'CodeStarSourceConnection',
                version: '1',
              },
              outputArtifacts: [{ name: 'SourceOutput' }],
            },
          ],
          beforeEntry: null,
          onFailure: null,
        },
        {
          name: 'Deploy',
          beforeEntry: {
            conditions: [
              {
                result: 'FAIL',
                rules: [
                  {
                    name: 'Window',
                    configuration: { Cron: '0 9 ? * MON-FRI *' },
                    ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow' },
                  },
                ],
              },
            ],
          },
          onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } },
        },
      ],
    });
  });

  it('resolves stage state with an approval token, condition states and ISO dates', async () => {
    const data = await run(`{
      stageState {
        stageName
        inboundTransitionState { enabled }
        latestExecution { pipelineExecutionId status type }
        actionStates { actionName latestExecution { status token lastStatusChange } }
        beforeEntryConditionState {
          latestExecution { status summary }
          conditionStates { latestExecution { status lastStatusChange } ruleStates { ruleName latestExecution { status } } }
        }
        retryStageMetadata { autoStageRetryAttempt latestRetryTrigger }
      }
    }`);
    expect(data.stageState).toEqual({
      stageName: 'Deploy',
      inboundTransitionState: { enabled: true },
      latestExecution: { pipelineExecutionId: 'exec-1', status: 'InProgress', type: 'STANDARD' },
      actionStates: [
        {
          actionName: 'Approve',
          latestExecution: {
            status: 'InProgress',
            token: 'approval-token-123',
            lastStatusChange: T0.toISOString(),
          },
        },
      ],
      beforeEntryConditionState: {
        latestExecution: { status: 'Succeeded', summary: 'All conditions met' },
        conditionStates: [
          {
            latestExecution: { status: 'Succeeded', lastStatusChange: '2024-05-01T10:05:30.000Z' },
            ruleStates: [{ ruleName: 'Window', latestExecution: { status: 'Succeeded' } }],
          },
        ],
      },
      retryStageMetadata: { autoStageRetryAttempt: 1, latestRetryTrigger: 'AutomatedStageRetry' },
    });
  });

  it('passes JSON string maps through action execution history', async () => {
    const data = await run(`{
      actionExecution {
        status startTime lastUpdateTime
        input { configuration resolvedConfiguration inputArtifacts { name s3location { bucket key } } }
        output { outputVariables executionResult { externalExecutionId } }
      }
    }`);
    expect(data.actionExecution).toEqual({
      status: 'Succeeded',
      startTime: '2024-05-01T10:00:00.000Z',
      lastUpdateTime: '2024-05-01T10:05:30.000Z',
      input: {
        configuration: { ProjectName: '#{variables.ENV}-build' },
        resolvedConfiguration: { ProjectName: 'staging-build' },
        inputArtifacts: [
          { name: 'SourceOutput', s3location: { bucket: 'artifacts-bucket', key: 'web/Source/abc' } },
        ],
      },
      output: { outputVariables: { IMAGE_TAG: 'v42' }, executionResult: { externalExecutionId: 'build:1' } },
    });
  });

  it('masks the webhook secret: hasSecretToken instead of SecretToken', async () => {
    const masked = maskWebhookItem(WEBHOOK);
    expect(masked.definition?.authenticationConfiguration).toEqual({ hasSecretToken: true });
    expect(WEBHOOK.definition?.authenticationConfiguration?.SecretToken).toBe('super-secret');
    expect(
      maskWebhookItem({
        ...WEBHOOK,
        definition: { ...WEBHOOK.definition!, authenticationConfiguration: {} },
      }),
    ).toMatchObject({ definition: { authenticationConfiguration: { hasSecretToken: false } } });

    const data = await run(`{
      webhook {
        url lastTriggered tags { key value }
        definition { name authentication filters { jsonPath matchEquals } authenticationConfiguration { AllowedIPRange hasSecretToken } }
      }
    }`);
    expect(data.webhook).toEqual({
      url: 'https://webhooks.example/abc',
      lastTriggered: '2024-05-01T10:05:30.000Z',
      tags: [{ key: 'team', value: 'web' }],
      definition: {
        name: 'gh',
        authentication: 'GITHUB_HMAC',
        filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
        authenticationConfiguration: { AllowedIPRange: null, hasSecretToken: true },
      },
    });

    const result = await graphql({
      schema,
      source: '{ webhook { definition { authenticationConfiguration { SecretToken } } } }',
    });
    expect(result.errors?.[0]?.message).toMatch(/Cannot query field "SecretToken"/);
    expect(printSchema(schema)).not.toMatch(/^\s*SecretToken\b/m);
    expect(printSchema(schema)).toMatch(/^\s*hasSecretToken: Boolean!$/m);
  });

  it('uses the AWS values as enum values', () => {
    const sdl = printSchema(schema);
    expect(sdl).toMatch(/enum ActionExecutionStatus \{\s+Abandoned\s+Failed\s+InProgress\s+Succeeded\s+\}/);
    expect(sdl).toMatch(/enum ExecutionMode \{\s+PARALLEL\s+QUEUED\s+SUPERSEDED\s+\}/);
    expect(sdl).toMatch(/scalar DateTime/);
    expect(sdl).toMatch(/scalar JSON/);
  });

  it('lets every type file load on its own', () => {
    const dir = join(__dirname, '../../src/schema');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.type.ts'),
    );
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      jest.isolateModules(() => {
        // A fresh module registry per file: an import-order (TDZ) bug would throw here.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(() => require(join(dir, file))).not.toThrow();
      });
    }
  });
});
