import { type BuiltInSpec, prop, serviceWorker } from '../builders';

const CODEBUILD_SETTINGS = {
  entityUrlTemplate: 'https://console.aws.amazon.com/codebuild/home?#/projects/{Config:ProjectName}/view',
  executionUrlTemplate:
    'https://console.aws.amazon.com/codebuild/home?#/builds/{ExternalExecutionId}/view/new',
};

const CODEBUILD_PROPERTIES = [
  prop('ProjectName', true, 'The name of the CodeBuild build project.', { key: true }),
  prop('PrimarySource', false, 'The input artifact used as the primary source when there are several.'),
  prop('BatchEnabled', false, 'Whether the build runs as a batch build.', { type: 'Boolean' }),
  prop('CombineArtifacts', false, 'Whether batch build artifacts are combined into one.', {
    type: 'Boolean',
  }),
  prop('EnvironmentVariables', false, 'A JSON array of environment variables for the build.'),
];

/** AWS-owned Build and Test actions. */
export const AWS_BUILD_TEST_SPECS: readonly BuiltInSpec[] = [
  {
    category: 'Build',
    provider: 'CodeBuild',
    description: 'Runs a CodeBuild build project on the input artifacts.',
    input: [1, 5],
    output: [0, 5],
    settings: CODEBUILD_SETTINGS,
    properties: CODEBUILD_PROPERTIES,
    executor: serviceWorker('codebuild.amazonaws.com'),
  },
  {
    category: 'Build',
    provider: 'ECRBuildAndPublish',
    description: 'Builds a Docker image from the input artifact and pushes it to an ECR repository.',
    input: [1, 1],
    output: [0, 0],
    properties: [
      prop('ECRRepositoryName', true, 'The name of the ECR repository the image is pushed to.', {
        key: true,
      }),
      prop('DockerFilePath', false, 'The location of the Dockerfile in the input artifact.'),
      prop('ImageTags', false, 'Comma-separated tags for the image; defaults to latest.'),
      prop('RegistryType', false, 'private (default) or public.'),
    ],
    executor: serviceWorker('codebuild.amazonaws.com'),
  },
  {
    category: 'Build',
    provider: 'Commands',
    description: 'Runs the shell commands declared on the action in a managed compute environment.',
    input: [1, 10],
    output: [0, 1],
    properties: [],
    executor: serviceWorker('codebuild.amazonaws.com'),
  },
  {
    category: 'Test',
    provider: 'CodeBuild',
    description: 'Runs a CodeBuild project that tests the input artifacts.',
    input: [1, 5],
    output: [0, 5],
    settings: CODEBUILD_SETTINGS,
    properties: CODEBUILD_PROPERTIES,
    executor: serviceWorker('codebuild.amazonaws.com'),
  },
  {
    category: 'Test',
    provider: 'DeviceFarm',
    description: 'Runs tests of a mobile or web application on a Device Farm device pool.',
    input: [1, 1],
    output: [0, 0],
    settings: {
      entityUrlTemplate: 'https://console.aws.amazon.com/devicefarm/home#/projects/{Config:ProjectId}',
      executionUrlTemplate: 'https://console.aws.amazon.com/devicefarm/home#/projects/{Config:ProjectId}',
    },
    properties: [
      prop('ProjectId', true, 'The Device Farm project ID.', { key: true }),
      prop('DevicePoolArn', true, 'The ARN of the device pool to run the tests on.'),
      prop('AppType', true, 'The application platform: iOS, Android or Web.'),
      prop('App', false, 'The path and name of the application file in the input artifact.'),
      prop('TestType', true, 'The type of test, such as APPIUM_NODE or BUILTIN_FUZZ.'),
      prop('Test', false, 'The path and name of the test definition file in the input artifact.'),
      prop('RecordVideo', false, 'Whether video is recorded during the tests.', { type: 'Boolean' }),
      prop('RecordAppPerformanceData', false, 'Whether performance data is recorded.', {
        type: 'Boolean',
      }),
    ],
    executor: serviceWorker('devicefarm.amazonaws.com'),
  },
];
