import { SimClock } from './core/clock';
import { type EmulatorTarget, type OperationTable } from './core/context';
import { type Input } from './core/input';
import { OPERATION_NAMES } from './core/operations';
import { type TokenRegistry } from './core/pagination';
import { CallStats } from './core/stats';
import { FaultInjector, NO_FAULTS } from './core/faults';
import { type EmulatorState } from './core/state';
import { type SimulationEngine } from './engine/engine';
import { ALL_OPERATIONS } from './ops/index';
import { IdentityRegistry } from './sts/identities';
import { type EventPublisher } from './events/publisher';
import { World, worldKey, type WorldObserver } from './world/world';

/** How an emulator is set up. Every field has a default suited to `npm start`. */
export interface EmulatorOptions {
  /**
   * The default world: requests without SigV4 (curl, admin calls) and the
   * demo seed's main fleet land in it. Signed requests pick their own world.
   */
  target: EmulatorTarget;
  /**
   * The account that static access keys (any key the emulator's STS did not
   * issue) belong to; `EMULATOR_ACCOUNT` in `npm run emulator`. Defaults to
   * `target.accountId`, so a gateway that starts an emulator for its own
   * target keeps reading the seeded world.
   */
  account?: string;
  /** Simulated milliseconds per real millisecond. */
  clockSpeed: number;
  /** Simulated duration of an action that does not set `EmulatorDurationMs`. */
  defaultActionDurationMs: number;
  /** Real milliseconds between engine ticks; 0 disables the background ticker (tests drive the clock). */
  tickIntervalMs: number;
  /** Random source for failure rates and fault injection; injectable for deterministic tests. */
  random: () => number;
}

/** Defaults: a believable account in us-east-1, real time, 5 s actions. */
export const DEFAULT_EMULATOR_OPTIONS: EmulatorOptions = {
  target: { region: 'us-east-1', accountId: '123456789012' },
  clockSpeed: 1,
  defaultActionDurationMs: 5_000,
  tickIntervalMs: 100,
  random: Math.random,
};

/**
 * A CodePipeline emulator: one world per account and region, a shared clock
 * that moves them all, and the operation handlers, with no transport.
 * {@link startEmulatorServer} puts it on HTTP.
 *
 * The members without a target (`state`, `engine`, `invoke` without one)
 * address the default world, so single-account callers see no change.
 */
export class Emulator {
  readonly options: EmulatorOptions;
  readonly clock: SimClock;
  readonly stats = new CallStats();
  /** STS calls (AssumeRole, GetCallerIdentity), apart from CodePipeline's so call-count assertions stay exact. */
  readonly stsStats = new CallStats();
  readonly faults: FaultInjector;
  /** Which account each access key acts in (static keys, and keys issued by the emulator's STS). */
  readonly identities = new IdentityRegistry(() => this.staticAccount);
  private worldsByKey = new Map<string, World>();
  private ticker: NodeJS.Timeout | undefined;
  private worldHooks: (() => void)[] = [];
  private observers: WorldObserver[] = [];
  private muted = 0;
  /** The EventBridge events publisher, when events are configured (`events` of startEmulatorServer). */
  events: EventPublisher | undefined;

  constructor(
    options: Partial<EmulatorOptions> = {},
    private readonly table: OperationTable = ALL_OPERATIONS,
  ) {
    this.options = { ...DEFAULT_EMULATOR_OPTIONS, ...options };
    this.clock = new SimClock(this.options.clockSpeed);
    this.faults = new FaultInjector(this.options.random);
    this.world();
    if (this.options.tickIntervalMs > 0) {
      this.ticker = setInterval(() => this.tick(), this.options.tickIntervalMs);
      this.ticker.unref();
    }
  }

  /** The default world's account and region. */
  get defaultTarget(): EmulatorTarget {
    return this.options.target;
  }

  /** The account static (non-STS) access keys belong to. */
  get staticAccount(): string {
    return this.options.account ?? this.options.target.accountId;
  }

  /** The world of an account and region, created empty on first use; the default world without a target. */
  world(target: EmulatorTarget = this.options.target): World {
    const key = worldKey(target);
    let world = this.worldsByKey.get(key);
    if (!world) {
      const observe: WorldObserver = (w, atMs) => {
        if (this.muted > 0) return;
        for (const o of this.observers) o(w, atMs);
      };
      world = new World(
        { accountId: target.accountId, region: target.region },
        this.clock,
        { defaultActionDurationMs: this.options.defaultActionDurationMs, random: this.options.random },
        this.table,
        observe,
      );
      this.worldsByKey.set(key, world);
    }
    return world;
  }

  /** Every world that exists, default first, then by key. */
  worlds(): World[] {
    const first = worldKey(this.options.target);
    return [...this.worldsByKey.values()].sort((a, b) =>
      a.key === first ? -1 : b.key === first ? 1 : a.key.localeCompare(b.key),
    );
  }

  /** The world at `key` (`account/region`) if it exists. */
  findWorld(key: string): World | undefined {
    return this.worldsByKey.get(key);
  }

  /** Watches every step of every world (the events publisher uses it). */
  observe(observer: WorldObserver): void {
    this.observers.push(observer);
  }

  /** Runs `work` (e.g. seeding history) with observers muted, then lets the events publisher take it as seen. */
  quietly(work: () => void): void {
    this.muted++;
    try {
      work();
    } finally {
      this.muted--;
    }
    this.events?.baseline();
  }

  /** The default world's state. */
  get state(): EmulatorState {
    return this.world().state;
  }

  /** The default world's engine. */
  get engine(): SimulationEngine {
    return this.world().engine;
  }

  /** The default world's page tokens. */
  get tokens(): TokenRegistry {
    return this.world().tokens;
  }

  /** API operations this emulator has no handler for; empty when it is complete. */
  missingOperations(): string[] {
    return OPERATION_NAMES.filter((op) => typeof this.table[op] !== 'function');
  }

  /** True when `name` is one of the API's operations. */
  hasOperation(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.table, name);
  }

  /**
   * Runs one operation as the API would in the world of `target` (the default
   * world without one). Throws {@link AwsError} for API errors.
   */
  invoke(operation: string, input: Input, requestId = 'internal', target?: EmulatorTarget): unknown {
    return this.world(target).invoke(operation, input, requestId);
  }

  /** Plays what became due in every world. */
  tick(): void {
    for (const world of this.worldsByKey.values()) world.engine.tick();
  }

  /** Drops every world (a fresh default world replaces them), faults and counters. */
  reset(): void {
    this.endWorld();
    this.worldsByKey.clear();
    this.world();
    this.faults.set(NO_FAULTS);
    this.stats.reset();
    this.stsStats.reset();
  }

  /** Moves simulated time forward and plays what became due in every world. */
  advance(ms: number): void {
    this.clock.advance(ms);
    this.tick();
  }

  /** Registers work that lives as long as the current worlds: it ends on reset or stop (e.g. demo traffic). */
  onWorldEnd(hook: () => void): void {
    this.worldHooks.push(hook);
  }

  /** Stops the background ticker and everything registered with {@link onWorldEnd}. */
  stop(): void {
    this.events?.delivery.close();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.endWorld();
  }

  private endWorld(): void {
    for (const hook of this.worldHooks.splice(0)) hook();
  }
}
