import { type ActionTypeRecord } from '../core/state';
import { builtIn, prop } from './builders';

/**
 * Partner (ThirdParty) action types. Their jobs are worked by the partner
 * through PollForThirdPartyJobs and friends rather than by AWS, which is why
 * the emulator needs a few to exercise that flow.
 */
export const THIRD_PARTY_ACTION_TYPES: readonly ActionTypeRecord[] = [
  builtIn('ThirdParty', {
    category: 'Source',
    provider: 'GitHub',
    description: 'Legacy GitHub (version 1) source action authorised with an OAuth token.',
    input: [0, 0],
    output: [1, 1],
    settings: {
      entityUrlTemplate: 'https://github.com/{Config:Owner}/{Config:Repo}/tree/{Config:Branch}',
      executionUrlTemplate: 'https://github.com/{Config:Owner}/{Config:Repo}/commit/{ExternalExecutionId}',
    },
    properties: [
      prop('Owner', true, 'The GitHub user or organization that owns the repository.', { key: true }),
      prop('Repo', true, 'The name of the repository.', { key: true }),
      prop('Branch', true, 'The branch where source changes are detected.', { key: true }),
      prop('OAuthToken', true, 'A GitHub token with repo scope.', { secret: true }),
      prop('PollForSourceChanges', false, 'Whether CodePipeline polls GitHub for changes.', {
        type: 'Boolean',
      }),
    ],
    executor: {
      type: 'JobWorker',
      configuration: { jobWorkerExecutorConfiguration: { pollingServicePrincipals: ['github.com'] } },
    },
  }),
  builtIn('ThirdParty', {
    category: 'Deploy',
    provider: 'AlexaSkillsKit',
    description: 'Deploys an Alexa skill from the skill package in the input artifacts.',
    input: [1, 2],
    output: [0, 0],
    settings: { thirdPartyConfigurationUrl: 'https://developer.amazon.com/alexa/console/ask' },
    properties: [
      prop('ClientId', true, 'The client ID of the Login with Amazon security profile.'),
      prop('ClientSecret', true, 'The client secret of the security profile.', { secret: true }),
      prop('RefreshToken', true, 'The refresh token issued for the security profile.', { secret: true }),
      prop('SkillId', true, 'The ID of the Alexa skill.', { key: true }),
    ],
    executor: {
      type: 'JobWorker',
      configuration: { jobWorkerExecutorConfiguration: { pollingServicePrincipals: ['alexa.amazon.com'] } },
    },
  }),
  builtIn('ThirdParty', {
    category: 'Test',
    provider: 'BlazeMeter',
    description: 'Runs a BlazeMeter load test configured on the partner site.',
    input: [1, 1],
    output: [0, 0],
    settings: {
      thirdPartyConfigurationUrl: 'https://a.blazemeter.com/app/#/codepipeline',
      entityUrlTemplate: 'https://a.blazemeter.com/app/#/codepipeline',
      executionUrlTemplate: 'https://a.blazemeter.com/app/#/masters/{ExternalExecutionId}',
    },
    properties: [],
    executor: {
      type: 'JobWorker',
      configuration: { jobWorkerExecutorConfiguration: { pollingServicePrincipals: ['blazemeter.com'] } },
    },
  }),
];
