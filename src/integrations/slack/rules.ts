import { parse as parseYaml } from 'yaml';
import { parseRole, parseScope, type Principal } from '../../schema/auth/principal';

/**
 * The Slack rules file (`SLACK_RULES_FILE`): which pipelines and events go to
 * which channel, and which Slack users may approve, as which principal. Scopes
 * use the API keys' syntax: `account/region/pipeline-glob`, or a bare glob for
 * every target.
 */

/** What a channel can be told about. */
export const SlackEventKind = {
  APPROVAL_NEEDED: 'APPROVAL_NEEDED',
  EXECUTION_FAILED: 'EXECUTION_FAILED',
  EXECUTION_SUCCEEDED: 'EXECUTION_SUCCEEDED',
  STAGE_FAILED: 'STAGE_FAILED',
} as const;

/** One of {@link SlackEventKind}. */
export type SlackEventKind = (typeof SlackEventKind)[keyof typeof SlackEventKind];

const KINDS = Object.values(SlackEventKind) as string[];

/** One `channels` entry. */
export interface ChannelRule {
  /** The Slack channel id, e.g. `C0DEPLOYS`. */
  channel: string;
  /** Scopes of the pipelines whose events go there. */
  pipelines: string[];
  events: SlackEventKind[];
}

/** The parsed file. */
export interface SlackRules {
  channels: ChannelRule[];
  /** Principals by Slack user id; their scopes are as written (possibly `account/region/glob`). */
  approvers: Map<string, Principal>;
}

/** A fault in the rules file, naming the entry (`channels[2]`, `approvers[0].role`). */
export class RulesError extends Error {
  constructor(
    readonly entry: string,
    message: string,
  ) {
    super(`${entry}: ${message}`);
    this.name = 'RulesError';
  }
}

const SCOPE_PART = /^[A-Za-z0-9.@\-_*?]{1,100}$/;
const SLACK_ID = /^[A-Z0-9][A-Z0-9_]{1,40}$/;
const PRINCIPAL_ID = /^[A-Za-z0-9.@:\-_]{1,64}$/;

function record(value: unknown, entry: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RulesError(entry, 'must be a mapping');
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, entry: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new RulesError(entry, 'must be a non-empty list');
  return value;
}

function scopes(value: unknown, entry: string): string[] {
  return list(value, entry).map((raw, i) => {
    const scope = typeof raw === 'string' ? parseScope(raw) : undefined;
    if (!scope || ![scope.account, scope.region, scope.pipeline].every((p) => SCOPE_PART.test(p))) {
      throw new RulesError(
        `${entry}[${i}]`,
        'must be a pipeline glob or account/region/pipeline-glob of [A-Za-z0-9.@_*?-]',
      );
    }
    return raw as string;
  });
}

function slackId(value: unknown, entry: string, what: string): string {
  if (typeof value !== 'string' || !SLACK_ID.test(value)) {
    throw new RulesError(
      entry,
      `must be a Slack ${what} id such as ${what === 'user' ? 'U0ALICE' : 'C0DEPLOYS'}`,
    );
  }
  return value;
}

function channelRule(raw: unknown, entry: string): ChannelRule {
  const r = record(raw, entry);
  const events = list(r.events, `${entry}.events`).map((e, i) => {
    if (typeof e !== 'string' || !KINDS.includes(e)) {
      throw new RulesError(`${entry}.events[${i}]`, `must be one of ${KINDS.join(', ')}`);
    }
    return e as SlackEventKind;
  });
  return {
    channel: slackId(r.channel, `${entry}.channel`, 'channel'),
    pipelines: scopes(r.pipelines, `${entry}.pipelines`),
    events,
  };
}

function approver(raw: unknown, entry: string): [string, Principal] {
  const r = record(raw, entry);
  const user = slackId(r.slackUserId, `${entry}.slackUserId`, 'user');
  if (typeof r.principal !== 'string' || !PRINCIPAL_ID.test(r.principal)) {
    throw new RulesError(
      `${entry}.principal`,
      'must be 1 to 64 characters of [A-Za-z0-9.@:-_], e.g. slack:alice',
    );
  }
  const role = parseRole(r.role);
  if (!role) throw new RulesError(`${entry}.role`, 'must be viewer, operator or admin');
  return [user, { id: r.principal, role, pipelinePatterns: scopes(r.pipelines, `${entry}.pipelines`) }];
}

/** Parses and checks the rules file; throws a RulesError naming the first bad entry. */
export function parseSlackRules(text: string): SlackRules {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new RulesError('file', `is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const root = record(doc ?? {}, 'file');
  const unknownKeys = Object.keys(root).filter((k) => k !== 'channels' && k !== 'approvers');
  if (unknownKeys.length > 0) throw new RulesError(unknownKeys[0] ?? 'file', 'is not a known section');
  const channels = (root.channels === undefined ? [] : list(root.channels, 'channels')).map((c, i) =>
    channelRule(c, `channels[${i}]`),
  );
  const approvers = new Map<string, Principal>();
  (root.approvers === undefined ? [] : list(root.approvers, 'approvers')).forEach((a, i) => {
    const [user, principal] = approver(a, `approvers[${i}]`);
    if (approvers.has(user)) throw new RulesError(`approvers[${i}].slackUserId`, `${user} is listed twice`);
    approvers.set(user, principal);
  });
  return { channels, approvers };
}
