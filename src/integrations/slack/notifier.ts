import { type LiveEvents, type PipelineEventData } from '../../schema/subscriptions/pipeline-event';
import { type ApprovalMessages } from './approval-messages';
import { type ExecutionMessages } from './execution-messages';
import { channelsFor, isApprovalEnd, notifierFilter, slackKindOf } from './routing';
import { type ChannelRule, SlackEventKind } from './rules';
import { type SlackLog } from './slack-log';

interface Deps {
  events: LiveEvents;
  channels: readonly ChannelRule[];
  approvals: ApprovalMessages;
  executions: ExecutionMessages;
  log: SlackLog;
  /** Pause before subscribing again after the subscription ended. Default 1 s. */
  resubscribeMs?: number;
}

/**
 * Feeds Slack from the live side. It subscribes to the gateway's own event
 * stream like any subscriber, so the pipelines the rules cover are watched
 * (and polled), and events pushed into the bus by other sources arrive the
 * same way. Every replica hears every event; the claims in the message
 * classes make each one reach Slack once.
 *
 * The event path never waits for Slack: an event is routed synchronously and
 * its Slack work runs on its own, queued per channel in the outbox.
 */
export class SlackNotifier {
  private iterator?: AsyncIterableIterator<PipelineEventData>;
  private closed = false;
  private running?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: Deps) {}

  /** Starts listening. Does nothing when the rules route no pipeline anywhere. */
  start(): void {
    const filter = notifierFilter(this.deps.channels);
    if (!filter) return;
    this.running = this.listen(filter);
  }

  /** Stops listening and waits for the Slack work already started. */
  async close(): Promise<void> {
    this.closed = true;
    await this.iterator?.return?.();
    await this.running;
    await Promise.all([...this.inFlight]);
  }

  private async listen(filter: NonNullable<ReturnType<typeof notifierFilter>>): Promise<void> {
    while (!this.closed) {
      try {
        this.iterator = this.deps.events.subscribe(filter);
        for await (const event of this.iterator) this.route(event);
      } catch (err) {
        this.deps.log.warn(
          { err: (err as Error).message },
          'slack notifier subscription ended, resubscribing',
        );
      }
      if (!this.closed) await new Promise((resolve) => setTimeout(resolve, this.deps.resubscribeMs ?? 1000));
    }
  }

  /** Hands an event to every channel that wants it, without waiting for any. */
  private route(event: PipelineEventData): void {
    if (isApprovalEnd(event)) this.track(this.deps.approvals.closeIfOpen(event), event);
    const kind = slackKindOf(event);
    if (!kind) return;
    for (const channel of channelsFor(this.deps.channels, event, kind)) {
      this.track(
        kind === SlackEventKind.APPROVAL_NEEDED
          ? this.deps.approvals.post(channel, event)
          : this.deps.executions.record(channel, event, kind),
        event,
        channel,
      );
    }
  }

  /** Keeps Slack work until it settles, so close() can wait for it; a failure is logged. */
  private track(work: Promise<void>, event: PipelineEventData, channel?: string): void {
    const tracked = work.catch((err: unknown) =>
      this.deps.log.error(
        { channel, kind: event.kind, pipelineName: event.pipelineName, err: (err as Error).message },
        'slack notification failed',
      ),
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
