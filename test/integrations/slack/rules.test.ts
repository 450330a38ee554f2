import { parseSlackRules, RulesError } from '../../../src/integrations/slack/rules';

function faultOf(text: string): string {
  try {
    parseSlackRules(text);
  } catch (err) {
    if (err instanceof RulesError) return err.message;
    throw err;
  }
  return 'accepted';
}

describe('the Slack rules file', () => {
  it("reads the issue's example: channels with scopes and events, approvers as principals", () => {
    const rules = parseSlackRules(`
channels:
  - channel: C0DEPLOYS
    pipelines: ["*"]
    events: [APPROVAL_NEEDED, EXECUTION_FAILED, EXECUTION_SUCCEEDED, STAGE_FAILED]
approvers:
  - slackUserId: U0ALICE
    principal: slack:alice
    role: operator
    pipelines: ["payments-*", "111111111111/eu-west-1/web-*"]
`);
    expect(rules.channels).toEqual([
      {
        channel: 'C0DEPLOYS',
        pipelines: ['*'],
        events: ['APPROVAL_NEEDED', 'EXECUTION_FAILED', 'EXECUTION_SUCCEEDED', 'STAGE_FAILED'],
      },
    ]);
    expect(rules.approvers.get('U0ALICE')).toEqual({
      id: 'slack:alice',
      role: 'operator',
      pipelinePatterns: ['payments-*', '111111111111/eu-west-1/web-*'],
    });
  });

  it('names the entry and the field at fault', () => {
    expect(faultOf('channels:\n  - channel: C1\n    pipelines: ["*"]\n    events: [DEPLOYED]\n')).toBe(
      'channels[0].events[0]: must be one of APPROVAL_NEEDED, EXECUTION_FAILED, EXECUTION_SUCCEEDED, STAGE_FAILED',
    );
    expect(
      faultOf(
        'approvers:\n  - slackUserId: U0A\n    principal: a\n    role: operator\n    pipelines: ["*"]\n' +
          '  - slackUserId: U0B\n    principal: b\n    role: owner\n    pipelines: ["*"]\n',
      ),
    ).toBe('approvers[1].role: must be viewer, operator or admin');
    expect(
      faultOf(
        'approvers:\n  - slackUserId: U0A\n    principal: a\n    role: admin\n    pipelines: ["a/b"]\n',
      ),
    ).toMatch(/^approvers\[0\]\.pipelines\[0\]: must be a pipeline glob or account\/region\/pipeline-glob/);
    expect(
      faultOf('channels:\n  - channel: "#deploys"\n    pipelines: ["*"]\n    events: [STAGE_FAILED]\n'),
    ).toMatch(/^channels\[0\]\.channel: must be a Slack channel id/);
    expect(faultOf('channels:\n  - channel: C1\n    events: [STAGE_FAILED]\n')).toBe(
      'channels[0].pipelines: must be a non-empty list',
    );
  });

  it('refuses an approver listed twice, an unknown section and text that is not YAML', () => {
    const alice = '  - slackUserId: U0A\n    principal: a\n    role: admin\n    pipelines: ["*"]\n';
    expect(faultOf(`approvers:\n${alice}${alice}`)).toBe('approvers[1].slackUserId: U0A is listed twice');
    expect(faultOf('channel:\n  - C1\n')).toBe('channel: is not a known section');
    expect(faultOf('channels: [\n')).toMatch(/^file: is not valid YAML/);
  });
});
