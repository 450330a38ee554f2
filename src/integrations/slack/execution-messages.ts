import { type PipelineEventData } from '../../schema/subscriptions/pipeline-event';
import { SLACK_RECORD_TTL_MS } from './approval-messages';
import { executionMessage, type SlackMessage } from './blocks';
import { type SlackClaims } from './claims';
import { EXECUTION_DETAILS, NOTIFIER_PRINCIPAL, type Revision, type RunGraph } from './graph';
import { type SlackOutbox } from './outbox';
import { SlackEventKind } from './rules';
import { type SlackLog } from './slack-log';

/** The message record's value while the replica that claimed it is still posting. */
const POSTING = 'posting';
/** How long that lasts at most: a replica that died mid-post does not block the execution's message for days. */
const POSTING_TTL_MS = 10 * 60 * 1000;

interface Deps {
  outbox: SlackOutbox;
  claims: SlackClaims;
  runGraph: RunGraph;
  log: SlackLog;
  /** How long a replica waits for another to finish posting before it gives its update up. Default 2 min. */
  postWaitMs?: number;
}

/** A line of what happened to an execution, as its message lists it. */
export function happening(kind: SlackEventKind, event: PipelineEventData): string {
  const at = event.detectedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  switch (kind) {
    case SlackEventKind.STAGE_FAILED:
      return `Stage ${event.stageName ?? '?'} failed at ${at}`;
    case SlackEventKind.EXECUTION_FAILED:
      return `Execution failed at ${at}`;
    case SlackEventKind.EXECUTION_SUCCEEDED:
      return `Execution succeeded at ${at}`;
    case SlackEventKind.APPROVAL_NEEDED:
      return `Approval ${event.stageName ?? '?'}/${event.actionName ?? '?'} waiting since ${at}`;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One message per execution per channel for its outcomes: the first outcome
 * (a stage failed, or the execution ended) posts it, later ones update it.
 * Each event is claimed once fleet-wide; the message's address is claimed
 * too, so only one replica posts and the others wait for its `ts` to update.
 */
export class ExecutionMessages {
  constructor(private readonly deps: Deps) {}

  /** Tells `channel` about an outcome of an execution, exactly once across replicas. */
  async record(channel: string, event: PipelineEventData, kind: SlackEventKind): Promise<void> {
    const id = event.pipelineExecutionId;
    if (!id) return;
    const { claims, outbox, log } = this.deps;
    const execution = `${event.accountId}|${event.region}|${event.pipelineName}|${id}`;
    const claim = `event:${channel}:${kind}:${execution}|${event.stageName ?? ''}`;
    if (!(await claims.claim(claim, event.detectedAt, SLACK_RECORD_TTL_MS))) return;
    const happeningsKey = `execution:${channel}:${execution}:happenings`;
    await claims.append(happeningsKey, happening(kind, event), SLACK_RECORD_TTL_MS);
    const messageKey = `execution:${channel}:${execution}:message`;
    const render = async (): Promise<SlackMessage> => this.render(event, await claims.list(happeningsKey));
    if (await claims.claim(messageKey, POSTING, POSTING_TTL_MS)) {
      const posted = await outbox.enqueue(channel, 'chat.postMessage', async (client) =>
        client.chat.postMessage({ channel, ...(await render()) }),
      );
      if (!posted?.ts) {
        await claims.release(messageKey);
        return;
      }
      await claims.set(
        messageKey,
        JSON.stringify({ channel: posted.channel ?? channel, ts: posted.ts }),
        SLACK_RECORD_TTL_MS,
      );
      log.info(
        { channel, pipelineName: event.pipelineName, ts: posted.ts },
        'slack execution message posted',
      );
      return;
    }
    const address = await this.postedAddress(messageKey);
    if (!address) {
      log.warn(
        { channel, pipelineName: event.pipelineName, kind },
        'slack execution message never posted, update dropped',
      );
      return;
    }
    await outbox.enqueue(channel, 'chat.update', async (client) =>
      client.chat.update({ channel: address.channel, ts: address.ts, ...(await render()) }),
    );
  }

  /** Waits for the replica posting the message to record where it went. */
  private async postedAddress(messageKey: string): Promise<{ channel: string; ts: string } | undefined> {
    const deadline = Date.now() + (this.deps.postWaitMs ?? 120_000);
    for (;;) {
      const value = await this.deps.claims.get(messageKey);
      if (value === undefined) return undefined;
      if (value !== POSTING) return JSON.parse(value) as { channel: string; ts: string };
      if (Date.now() > deadline || this.deps.outbox.closed) return undefined;
      await sleep(100);
    }
  }

  /** The message as it stands: the execution's status read now, and every outcome seen so far. */
  private async render(event: PipelineEventData, happenings: string[]): Promise<SlackMessage> {
    const result = await this.deps.runGraph(NOTIFIER_PRINCIPAL, EXECUTION_DETAILS, {
      name: event.pipelineName,
      id: event.pipelineExecutionId,
      account: event.accountId,
      region: event.region,
    });
    const execution = (result.data?.pipelineExecution ?? undefined) as
      | { status?: string | null; statusSummary?: string | null; artifactRevisions?: Revision[] | null }
      | undefined;
    // An outcome seen is the truth even when the (cached) read has not caught up with it yet,
    // and whichever update lands last shows it, in whatever order the replicas sent theirs.
    const ended = [...happenings].reverse().find((h) => h.startsWith('Execution '));
    const status = ended
      ? ended.startsWith('Execution succeeded')
        ? 'Succeeded'
        : 'Failed'
      : (execution?.status ?? 'InProgress');
    return executionMessage({
      accountId: event.accountId,
      region: event.region,
      pipelineName: event.pipelineName,
      pipelineExecutionId: event.pipelineExecutionId ?? '',
      status,
      statusSummary: execution?.statusSummary,
      happenings,
      revisions: execution?.artifactRevisions,
    });
  }
}
