import { type Principal } from '../../schema/auth/principal';
import { type PendingLine, pendingMessage, type SlackBlock, statusMessage, type StageLine } from './blocks';
import { firstError, PENDING_APPROVALS, PIPELINE_STATUS, type Revision, type RunGraph } from './graph';

/** What a slash command answers: Slack shows it to the caller only (`ephemeral`). */
export interface SlashReply {
  response_type: 'ephemeral';
  text: string;
  blocks?: SlackBlock[];
}

interface Deps {
  approvers: ReadonlyMap<string, Principal>;
  runGraph: RunGraph;
}

const USAGE =
  'Usage: `/pipelines status <pipeline-name>` (or `<account>/<region>/<pipeline-name>` when the gateway spans ' +
  'several targets) or `/pipelines pending`.';

const NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;

/** `name` or `account/region/name`, as the variables of PIPELINE_STATUS; undefined when it is neither. */
export function pipelineAddress(
  text: string,
): { name: string; account?: string; region?: string } | undefined {
  const parts = text.split('/');
  const [account, region, name] = parts;
  if (parts.length === 1 && NAME.test(text)) return { name: text };
  if (
    parts.length === 3 &&
    /^\d{12}$/.test(account ?? '') &&
    /^[a-z0-9-]{1,30}$/.test(region ?? '') &&
    NAME.test(name ?? '')
  ) {
    return { name: name ?? '', account, region };
  }
  return undefined;
}

const reply = (text: string, blocks?: SlackBlock[]): SlashReply => ({
  response_type: 'ephemeral',
  text,
  blocks,
});

/**
 * `/pipelines status <name>` and `/pipelines pending`, read through the graph
 * as the caller's principal: a Slack user sees what their mapped scope allows,
 * and a user the rules do not map sees nothing.
 */
export class SlackCommands {
  constructor(private readonly deps: Deps) {}

  /** Answers one verified command (the form Slack posts). */
  async run(form: URLSearchParams): Promise<SlashReply> {
    const approver = this.deps.approvers.get(form.get('user_id') ?? '');
    if (!approver)
      return reply(
        'You are not mapped to a principal in the gateway’s Slack rules, so it shows you nothing.',
      );
    const [verb, ...rest] = (form.get('text') ?? '').trim().split(/\s+/);
    if (verb === 'status' && rest.length === 1 && rest[0]) return this.status(approver, rest[0]);
    if (verb === 'pending' && rest.length === 0) return this.pending(approver);
    return reply(USAGE);
  }

  private async status(principal: Principal, text: string): Promise<SlashReply> {
    const address = pipelineAddress(text);
    if (!address) return reply(`\`${text.slice(0, 100)}\` is not a pipeline name.`);
    const { name } = address;
    const result = await this.deps.runGraph(principal, PIPELINE_STATUS, address);
    const error = firstError(result);
    if (error) return reply(`Could not read ${name}: ${error.message}`);
    const pipeline = result.data?.pipeline as
      | {
          name: string;
          account: string;
          region: string;
          stages: {
            name: string;
            latestExecution?: { pipelineExecutionId: string; status: string } | null;
          }[];
          latestExecution?: {
            pipelineExecutionId: string;
            status?: string | null;
            lastUpdateTime?: string | null;
            artifactRevisions?: Revision[] | null;
          } | null;
        }
      | null
      | undefined;
    if (!pipeline) return reply(`No pipeline ${name} in your scope.`);
    const stages: StageLine[] = pipeline.stages.map((s) => ({
      name: s.name,
      status: s.latestExecution?.status,
      pipelineExecutionId: s.latestExecution?.pipelineExecutionId,
    }));
    const latest = pipeline.latestExecution
      ? { ...pipeline.latestExecution, revisions: pipeline.latestExecution.artifactRevisions }
      : undefined;
    const target = { accountId: pipeline.account, region: pipeline.region };
    const message = statusMessage(target, pipeline.name, stages, latest);
    return reply(message.text, message.blocks);
  }

  private async pending(principal: Principal): Promise<SlashReply> {
    const result = await this.deps.runGraph(principal, PENDING_APPROVALS);
    const error = firstError(result);
    if (error) return reply(`Could not list approvals: ${error.message}`);
    const message = pendingMessage((result.data?.pendingApprovals ?? []) as PendingLine[]);
    return reply(message.text, message.blocks);
  }
}
