import { emptyState } from '../../../src/emulator/core/state';
import { AWS_ACTION_TYPES } from '../../../src/emulator/catalog/aws-action-types';
import { THIRD_PARTY_ACTION_TYPES } from '../../../src/emulator/catalog/third-party-action-types';
import { RULE_TYPES, lookupRuleType } from '../../../src/emulator/catalog/rule-types';
import { actionTypeKey, lookupActionType } from '../../../src/emulator/catalog/lookup';

const NAME = /^[0-9A-Za-z_-]{1,35}$/;

describe('action type catalog', () => {
  const all = [...AWS_ACTION_TYPES, ...THIRD_PARTY_ACTION_TYPES];

  it('names every built-in type uniquely with a valid provider and version', () => {
    const keys = all.map((r) => actionTypeKey(r.id));
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of all) {
      expect(r.id.provider).toMatch(NAME);
      expect(r.id.version).toMatch(/^[0-9A-Za-z_-]{1,9}$/);
    }
  });

  it('gives every type sane artifact bounds and at most one queryable property', () => {
    for (const r of all) {
      expect(r.inputArtifactDetails.minimumCount).toBeLessThanOrEqual(r.inputArtifactDetails.maximumCount);
      expect(r.outputArtifactDetails.minimumCount).toBeLessThanOrEqual(r.outputArtifactDetails.maximumCount);
      expect(r.configurationProperties.filter((p) => p.queryable).length).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['Source', 'S3', 0, 0, 1, 1],
    ['Source', 'CodeCommit', 0, 0, 1, 1],
    ['Source', 'ECR', 0, 0, 1, 1],
    ['Source', 'CodeStarSourceConnection', 0, 0, 1, 1],
    ['Build', 'CodeBuild', 1, 5, 0, 5],
    ['Build', 'ECRBuildAndPublish', 1, 1, 0, 0],
    ['Build', 'Commands', 1, 10, 0, 1],
    ['Test', 'CodeBuild', 1, 5, 0, 5],
    ['Test', 'DeviceFarm', 1, 1, 0, 0],
    ['Deploy', 'S3', 1, 1, 0, 0],
    ['Deploy', 'CodeDeploy', 1, 1, 0, 0],
    ['Deploy', 'CloudFormation', 0, 10, 0, 1],
    ['Deploy', 'CloudFormationStackSet', 1, 10, 0, 0],
    ['Deploy', 'ECS', 1, 1, 0, 0],
    ['Deploy', 'CodeDeployToECS', 1, 5, 0, 0],
    ['Deploy', 'ElasticBeanstalk', 1, 1, 0, 0],
    ['Deploy', 'AppConfig', 1, 1, 0, 0],
    ['Deploy', 'EKS', 0, 1, 0, 0],
    ['Deploy', 'EC2', 1, 1, 0, 0],
    ['Approval', 'Manual', 0, 0, 0, 0],
    ['Invoke', 'Lambda', 0, 5, 0, 5],
    ['Invoke', 'StepFunctions', 0, 1, 0, 1],
  ] as const)(
    'knows %s/AWS/%s/1 with the documented artifact counts',
    (category, provider, inMin, inMax, outMin, outMax) => {
      const found = lookupActionType(emptyState(), { category, owner: 'AWS', provider, version: '1' });
      expect(found?.inputArtifactDetails).toEqual({ minimumCount: inMin, maximumCount: inMax });
      expect(found?.outputArtifactDetails).toEqual({ minimumCount: outMin, maximumCount: outMax });
    },
  );

  it('finds live custom types in the world but not deleted ones', () => {
    const state = emptyState();
    const id = { category: 'Build' as const, owner: 'Custom' as const, provider: 'Jenkins', version: '1' };
    const record = {
      id,
      declaration: {
        id,
        executor: undefined,
        inputArtifactDetails: undefined,
        outputArtifactDetails: undefined,
      },
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      configurationProperties: [],
      deleted: false,
    };
    state.actionTypes.set(actionTypeKey(id), record);
    expect(lookupActionType(state, id)).toBe(record);
    record.deleted = true;
    expect(lookupActionType(state, id)).toBeUndefined();
  });

  it('does not know a provider under the wrong owner or version', () => {
    expect(
      lookupActionType(emptyState(), {
        category: 'Build',
        owner: 'Custom',
        provider: 'CodeBuild',
        version: '1',
      }),
    ).toBeUndefined();
    expect(
      lookupActionType(emptyState(), {
        category: 'Build',
        owner: 'AWS',
        provider: 'CodeBuild',
        version: '2',
      }),
    ).toBeUndefined();
  });
});

describe('rule type catalog', () => {
  it('lists the five AWS rule providers, version 1', () => {
    expect(RULE_TYPES.map((t) => t.id?.provider).sort()).toEqual([
      'CloudWatchAlarm',
      'Commands',
      'DeploymentWindow',
      'LambdaInvoke',
      'VariableCheck',
    ]);
  });

  it('finds a rule type with owner and version defaulted as RuleTypeId allows', () => {
    expect(lookupRuleType({ category: 'Rule', provider: 'VariableCheck' })?.id?.version).toBe('1');
    expect(
      lookupRuleType({ category: 'Rule', owner: 'AWS', provider: 'Nope', version: '1' }),
    ).toBeUndefined();
  });
});
