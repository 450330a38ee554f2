import { type SimClock } from '../core/clock';
import { type EmulatorTarget, type OperationContext, type OperationTable } from '../core/context';
import { AwsError } from '../core/errors';
import { type Input } from '../core/input';
import { TokenRegistry } from '../core/pagination';
import { emptyState, type EmulatorState } from '../core/state';
import { SimulationEngine, type EngineOptions } from '../engine/engine';

/** The key of a world in maps, stats and admin answers: `account/region`, e.g. `123456789012/us-east-1`. */
export function worldKey(target: EmulatorTarget): string {
  return `${target.accountId}/${target.region}`;
}

/** Called after every step that may have changed a world (an operation, a played deadline): events watch it. */
export type WorldObserver = (world: World, atMs: number) => void;

/**
 * One account in one region: its pipelines, executions, webhooks, jobs,
 * custom action types and tags, with the engine that moves them. Worlds share
 * the emulator's clock but nothing else, as separate AWS accounts and regions do.
 */
export class World {
  readonly key: string;
  readonly tokens = new TokenRegistry();
  readonly engine: SimulationEngine;
  readonly state: EmulatorState = emptyState();

  constructor(
    readonly target: EmulatorTarget,
    readonly clock: SimClock,
    options: EngineOptions,
    private readonly table: OperationTable,
    private readonly observe?: WorldObserver,
  ) {
    this.key = worldKey(target);
    const afterStep = observe ? (atMs: number) => observe(this, atMs) : undefined;
    this.engine = new SimulationEngine({ state: this.state }, clock, target, { ...options, afterStep });
  }

  /**
   * Runs one operation as the API would, after bringing the simulation up to
   * date. Throws {@link AwsError} for API errors.
   */
  invoke(operation: string, input: Input, requestId = 'internal'): unknown {
    const handler = Object.prototype.hasOwnProperty.call(this.table, operation)
      ? this.table[operation]
      : undefined;
    if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    this.engine.tick();
    const ctx: OperationContext = {
      state: this.state,
      engine: this.engine,
      clock: this.clock,
      tokens: this.tokens,
      target: this.target,
      requestId,
    };
    const result = handler(input, ctx);
    this.observe?.(this, this.clock.nowMs());
    return result ?? {};
  }
}
