import { SimClock } from './core/clock';
import { type EmulatorTarget, type OperationContext, type OperationTable } from './core/context';
import { AwsError } from './core/errors';
import { type Input } from './core/input';
import { OPERATION_NAMES } from './core/operations';
import { TokenRegistry } from './core/pagination';
import { CallStats } from './core/stats';
import { FaultInjector, NO_FAULTS } from './core/faults';
import { emptyState, type EmulatorState } from './core/state';
import { SimulationEngine } from './engine/engine';
import { ALL_OPERATIONS } from './ops';

/** How an emulator is set up. Every field has a default suited to `npm start`. */
export interface EmulatorOptions {
  target: EmulatorTarget;
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
 * A CodePipeline emulator: the world, its clock, its engine and the operation
 * handlers, with no transport. {@link startEmulatorServer} puts it on HTTP.
 */
export class Emulator {
  readonly options: EmulatorOptions;
  readonly clock: SimClock;
  readonly stats = new CallStats();
  readonly faults: FaultInjector;
  readonly tokens = new TokenRegistry();
  readonly engine: SimulationEngine;
  private world: { state: EmulatorState };
  private ticker: NodeJS.Timeout | undefined;
  private worldHooks: (() => void)[] = [];

  constructor(
    options: Partial<EmulatorOptions> = {},
    private readonly table: OperationTable = ALL_OPERATIONS,
  ) {
    this.options = { ...DEFAULT_EMULATOR_OPTIONS, ...options };
    this.clock = new SimClock(this.options.clockSpeed);
    this.faults = new FaultInjector(this.options.random);
    this.world = { state: emptyState() };
    this.engine = new SimulationEngine(this.world, this.clock, this.options.target, {
      defaultActionDurationMs: this.options.defaultActionDurationMs,
      random: this.options.random,
    });
    if (this.options.tickIntervalMs > 0) {
      this.ticker = setInterval(() => this.engine.tick(), this.options.tickIntervalMs);
      this.ticker.unref();
    }
  }

  /** The live world; replaced wholesale by {@link reset}. */
  get state(): EmulatorState {
    return this.world.state;
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
   * Runs one operation as the API would, after bringing the simulation up to
   * date. Throws {@link AwsError} for API errors.
   */
  invoke(operation: string, input: Input, requestId = 'internal'): unknown {
    const handler = this.hasOperation(operation) ? this.table[operation] : undefined;
    if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    this.engine.tick();
    const ctx: OperationContext = {
      state: this.world.state,
      engine: this.engine,
      clock: this.clock,
      tokens: this.tokens,
      target: this.options.target,
      requestId,
    };
    const result = handler(input, ctx);
    return result ?? {};
  }

  /** Clears the world, issued page tokens, faults and counters. */
  reset(): void {
    this.endWorld();
    this.world.state = emptyState();
    this.tokens.clear();
    this.faults.set(NO_FAULTS);
    this.stats.reset();
  }

  /** Moves simulated time forward and plays what became due. */
  advance(ms: number): void {
    this.clock.advance(ms);
    this.engine.tick();
  }

  /** Registers work that lives as long as the current world: it ends on reset or stop (e.g. demo traffic). */
  onWorldEnd(hook: () => void): void {
    this.worldHooks.push(hook);
  }

  /** Stops the background ticker and everything registered with {@link onWorldEnd}. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.endWorld();
  }

  private endWorld(): void {
    for (const hook of this.worldHooks.splice(0)) hook();
  }
}
