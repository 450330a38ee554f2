import { type BuiltInSpec, prop, serviceWorker } from '../builders';

const POLL = prop(
  'PollForSourceChanges',
  false,
  'Whether CodePipeline polls the source for changes. Prefer event-based change detection.',
  { type: 'Boolean' },
);

/** AWS-owned Source actions: no input artifacts, exactly one output artifact. */
export const AWS_SOURCE_SPECS: readonly BuiltInSpec[] = [
  {
    category: 'Source',
    provider: 'S3',
    description: 'Starts the pipeline when a new object version is uploaded to an S3 bucket.',
    input: [0, 0],
    output: [1, 1],
    settings: {
      entityUrlTemplate: 'https://console.aws.amazon.com/s3/home?#&bucket={Config:S3Bucket}&prefix=',
      executionUrlTemplate: 'https://console.aws.amazon.com/s3/home?#&bucket={Config:S3Bucket}&prefix=',
    },
    properties: [
      prop('S3Bucket', true, 'The name of the S3 bucket where source changes are detected.', { key: true }),
      prop('S3ObjectKey', true, 'The name of the S3 object key where source changes are detected.'),
      POLL,
      prop('AllowOverrideForS3ObjectKey', false, 'Whether StartPipelineExecution may override S3ObjectKey.', {
        type: 'Boolean',
      }),
    ],
    executor: serviceWorker('s3.amazonaws.com'),
  },
  {
    category: 'Source',
    provider: 'CodeCommit',
    description: 'Starts the pipeline when a commit is pushed to a CodeCommit repository branch.',
    input: [0, 0],
    output: [1, 1],
    settings: {
      entityUrlTemplate:
        'https://console.aws.amazon.com/codesuite/codecommit/repositories/{Config:RepositoryName}/browse/refs/heads/{Config:BranchName}',
      executionUrlTemplate:
        'https://console.aws.amazon.com/codesuite/codecommit/repositories/{Config:RepositoryName}/commit/{ExternalExecutionId}',
    },
    properties: [
      prop('RepositoryName', true, 'The name of the repository where source changes are detected.', {
        key: true,
      }),
      prop('BranchName', true, 'The name of the branch where source changes are detected.', { key: true }),
      POLL,
      prop('OutputArtifactFormat', false, 'CODE_ZIP (default) or CODEBUILD_CLONE_REF.'),
    ],
    executor: serviceWorker('codecommit.amazonaws.com'),
  },
  {
    category: 'Source',
    provider: 'ECR',
    description: 'Starts the pipeline when an image is pushed to an ECR repository.',
    input: [0, 0],
    output: [1, 1],
    settings: {
      entityUrlTemplate: 'https://console.aws.amazon.com/ecr/repositories/{Config:RepositoryName}',
      executionUrlTemplate: 'https://console.aws.amazon.com/ecr/repositories/{Config:RepositoryName}',
    },
    properties: [
      prop('RepositoryName', true, 'The name of the Amazon ECR repository where the image was pushed.', {
        key: true,
      }),
      prop('ImageTag', false, 'The tag used for the image; defaults to latest.'),
    ],
    executor: serviceWorker('ecr.amazonaws.com'),
  },
  {
    category: 'Source',
    provider: 'CodeStarSourceConnection',
    description: 'Starts the pipeline from a GitHub, GitLab or Bitbucket repository through a connection.',
    input: [0, 0],
    output: [1, 1],
    settings: {
      entityUrlTemplate: 'https://console.aws.amazon.com/codesuite/settings/connections',
      executionUrlTemplate: 'https://console.aws.amazon.com/codesuite/settings/connections',
    },
    properties: [
      prop('ConnectionArn', true, 'The ARN of the connection to the third-party repository.', { key: true }),
      prop('FullRepositoryId', true, 'The owner and name of the repository, such as some-user/my-repo.', {
        key: true,
      }),
      prop('BranchName', true, 'The branch where source changes are detected.', { key: true }),
      prop('OutputArtifactFormat', false, 'CODE_ZIP (default) or CODEBUILD_CLONE_REF.'),
      prop('DetectChanges', false, 'Whether a change to the branch starts the pipeline.', {
        type: 'Boolean',
      }),
    ],
    executor: serviceWorker('codestar-connections.amazonaws.com'),
  },
];
