import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/server/config';
import { parseSlackConfig } from '../../src/server/slack-config';

function rulesFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'slack-config-')), 'rules.yaml');
  writeFileSync(path, yaml);
  return path;
}

const GOOD = `
channels:
  - channel: C0DEPLOYS
    pipelines: ["*"]
    events: [APPROVAL_NEEDED]
`;

function failure(env: Record<string, string>): ConfigError {
  try {
    parseSlackConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('the Slack settings', () => {
  it('are off when no SLACK_* variable is set', () => {
    expect(parseSlackConfig({})).toBeUndefined();
  });

  it("read the token, the secret and the rules, with Slack's own API by default", () => {
    const settings = parseSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_RULES_FILE: rulesFile(GOOD),
    });
    expect(settings).toMatchObject({
      botToken: 'xoxb-1',
      signingSecret: 'secret',
      apiUrl: 'https://slack.com/api/',
    });
    expect(settings?.rules.channels[0]?.channel).toBe('C0DEPLOYS');
  });

  it('need every one of the three once any is set, naming the missing one', () => {
    const err = failure({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_RULES_FILE: rulesFile(GOOD) });
    expect(err.variable).toBe('SLACK_SIGNING_SECRET');
  });

  it('fail start-up on a bad rules file, naming the file and the entry', () => {
    const path = rulesFile(GOOD.replace('APPROVAL_NEEDED', 'DEPLOYED'));
    const err = failure({ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's', SLACK_RULES_FILE: path });
    expect(err.variable).toBe('SLACK_RULES_FILE');
    expect(err.message).toContain(path);
    expect(err.message).toContain('channels[0].events[0]');
  });

  it('fail start-up on a rules file that cannot be read, or an API URL that is not http(s)', () => {
    const missing = failure({
      SLACK_BOT_TOKEN: 'x',
      SLACK_SIGNING_SECRET: 's',
      SLACK_RULES_FILE: '/nonexistent/rules.yaml',
    });
    expect(missing.message).toContain('ENOENT');
    const badUrl = failure({
      SLACK_BOT_TOKEN: 'x',
      SLACK_SIGNING_SECRET: 's',
      SLACK_RULES_FILE: rulesFile(GOOD),
      SLACK_API_URL: 'ftp://slack',
    });
    expect(badUrl.variable).toBe('SLACK_API_URL');
  });
});
