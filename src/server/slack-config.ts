import { readFileSync } from 'node:fs';
import { parseSlackRules, RulesError } from '../integrations/slack/rules';
import { SLACK_API_URL, type SlackSettings } from '../integrations/slack/slack-integration';
import { ConfigError, type Env } from './env';

/**
 * The Slack integration's settings. Off unless configured: with none of the
 * SLACK_* variables set it answers undefined; with some of them, all of
 * SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_RULES_FILE are required, and
 * a bad rules file fails start-up naming the entry.
 */
export function parseSlackConfig(env: Env): SlackSettings | undefined {
  const names = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_RULES_FILE'] as const;
  const set = names.filter((n) => (env[n] ?? '') !== '');
  if (set.length === 0 && (env.SLACK_API_URL ?? '') === '') return undefined;
  const missing = names.find((n) => !set.includes(n));
  if (missing)
    throw new ConfigError(
      missing,
      'must be set to turn the Slack integration on (or unset every SLACK_* variable)',
    );
  const apiUrl = env.SLACK_API_URL || SLACK_API_URL;
  let url: URL | undefined;
  try {
    url = new URL(apiUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError('SLACK_API_URL', `must be an http(s) URL, got "${apiUrl}"`);
  }
  const file = env.SLACK_RULES_FILE ?? '';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'SLACK_RULES_FILE',
      `cannot be read (${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return {
      botToken: env.SLACK_BOT_TOKEN ?? '',
      signingSecret: env.SLACK_SIGNING_SECRET ?? '',
      apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
      rules: parseSlackRules(text),
    };
  } catch (err) {
    if (err instanceof RulesError) throw new ConfigError('SLACK_RULES_FILE', `(${file}) ${err.message}`);
    throw err;
  }
}
