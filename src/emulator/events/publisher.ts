import { type Emulator } from '../emulator';
import { type World } from '../world/world';
import { EventDelivery, type EmulatorEventsOptions } from './delivery';
import { toEvent } from './envelope';
import { StateChangeTracker } from './state-changes';

/**
 * Watches every world of an emulator and sends each execution, stage and
 * action state change as CodePipeline's EventBridge event. Attach it after
 * seeding: the seed's history is recorded as already seen, not sent.
 */
export class EventPublisher {
  readonly delivery: EventDelivery;
  private trackers = new WeakMap<World, StateChangeTracker>();

  constructor(
    private readonly emulator: Emulator,
    options: EmulatorEventsOptions,
  ) {
    this.delivery = new EventDelivery(options, () => emulator.faults.current, emulator.options.random);
    this.baseline();
    emulator.observe((world, atMs) => this.onStep(world, atMs));
  }

  /** Records every world as it is now, without sending (after a seed or a reset). */
  baseline(): void {
    for (const world of this.emulator.worlds()) this.trackerOf(world).baseline(world.state);
  }

  private trackerOf(world: World): StateChangeTracker {
    let tracker = this.trackers.get(world);
    if (!tracker) {
      tracker = new StateChangeTracker();
      this.trackers.set(world, tracker);
    }
    return tracker;
  }

  private onStep(world: World, atMs: number): void {
    for (const change of this.trackerOf(world).changes(world.state)) {
      this.delivery.publish(toEvent(world, change, atMs));
    }
  }
}
