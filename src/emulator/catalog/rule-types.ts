import type { RuleConfigurationProperty, RuleType, RuleTypeId } from '@aws-sdk/client-codepipeline';

function ruleProp(
  name: string,
  required: boolean,
  description: string,
  type: 'String' | 'Number' | 'Boolean' = 'String',
): RuleConfigurationProperty {
  return { name, required, key: required, secret: false, queryable: false, description, type };
}

function awsRule(
  provider: string,
  input: [number, number],
  properties: RuleConfigurationProperty[],
): RuleType {
  return {
    id: { category: 'Rule', owner: 'AWS', provider, version: '1' },
    ruleConfigurationProperties: properties,
    inputArtifactDetails: { minimumCount: input[0], maximumCount: input[1] },
  };
}

/**
 * The rule types stage conditions may use (all AWS-owned, version 1), as in
 * the user guide's rule reference. Pipeline validation checks rule
 * declarations against these; ListRuleTypes reports them.
 */
export const RULE_TYPES: readonly RuleType[] = [
  awsRule(
    'CloudWatchAlarm',
    [0, 0],
    [
      ruleProp(
        'AlarmName',
        true,
        'The name of the CloudWatch alarm that fails the rule when in a matching state.',
      ),
      ruleProp(
        'AlarmStates',
        false,
        'The alarm states that fail the rule: ALARM (default), INSUFFICIENT_DATA.',
      ),
      ruleProp(
        'WaitTime',
        false,
        'Minutes to wait for the alarm to change state before evaluating.',
        'Number',
      ),
    ],
  ),
  awsRule(
    'DeploymentWindow',
    [0, 0],
    [
      ruleProp('Cron', true, 'The cron expression defining when deployments are allowed.'),
      ruleProp('TimeZone', false, 'The time zone of the cron expression; defaults to UTC.'),
    ],
  ),
  awsRule(
    'LambdaInvoke',
    [0, 1],
    [
      ruleProp('FunctionName', true, 'The Lambda function whose result decides the rule.'),
      ruleProp('UserParameters', false, 'A string passed to the function.'),
    ],
  ),
  awsRule(
    'VariableCheck',
    [0, 0],
    [
      ruleProp('Variable', true, 'The pipeline variable to check, such as #{SourceVariables.BranchName}.'),
      ruleProp('Value', true, 'The value the variable is compared with.'),
      ruleProp('Operator', true, 'EQ, NE, CONTAINS or MATCHES.'),
    ],
  ),
  awsRule('Commands', [1, 1], []),
];

/** Finds a rule type by id; owner and version default to AWS and 1 as in RuleTypeId. */
export function lookupRuleType(id: RuleTypeId): RuleType | undefined {
  return RULE_TYPES.find(
    (t) =>
      t.id?.category === id.category &&
      t.id?.owner === (id.owner ?? 'AWS') &&
      t.id?.provider === id.provider &&
      t.id?.version === (id.version ?? '1'),
  );
}
