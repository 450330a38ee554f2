import { randomUUID } from 'node:crypto';
import { type Target } from '../../aws/target';
import { type PipelineEventData, PipelineEventKind } from '../../schema/subscriptions/pipeline-event';
import { type EventBus, type NewPipelineEvent } from '../contracts';
import { POLL_CLAIM, type TransitionGate, transitionKey } from './transition-gate';

/**
 * The bus as the poller sees it: what a poll found passes the same gate as
 * pushed events before it is published, so a transition a push already
 * delivered is not delivered again, and one a push delivers later is then
 * the duplicate. The transitions a poll claimed first are reported
 * (`onClaimed`): if no push announces them soon, the pushed stream lost them.
 */
export class DedupedPollBus implements EventBus {
  constructor(
    private readonly inner: EventBus,
    private readonly gate: TransitionGate,
    /** Told of the transitions this poll claimed first (their dedup keys): a push may still announce them. */
    private readonly onClaimed: (dedupKeys: string[]) => void,
  ) {}

  async publish(
    target: Target,
    pipelineName: string,
    events: NewPipelineEvent[],
  ): Promise<PipelineEventData[]> {
    if (events.length === 0) return [];
    // A deletion is no transition of an execution: it always passes.
    const judged = events.filter((e) => e.kind !== PipelineEventKind.PIPELINE_DELETED);
    const verdicts = await this.gate.admit(
      target,
      judged.map((event) => ({ dedupKey: transitionKey(target, event) })),
      `${POLL_CLAIM}${randomUUID()}`,
    );
    const fresh = new Set(judged.filter((_, i) => verdicts[i]?.verdict === 'new'));
    const passing = events.filter((e) => e.kind === PipelineEventKind.PIPELINE_DELETED || fresh.has(e));
    if (fresh.size > 0) this.onClaimed([...fresh].map((event) => transitionKey(target, event)));
    return this.inner.publish(target, pipelineName, passing);
  }

  replay(target: Target, pipelineName: string, afterCursor: string): Promise<PipelineEventData[]> {
    return this.inner.replay(target, pipelineName, afterCursor);
  }

  onEvent(listener: (event: PipelineEventData) => void): () => void {
    return this.inner.onEvent(listener);
  }

  /** The inner bus belongs to the live side, which closes it. */
  async close(): Promise<void> {}
}
