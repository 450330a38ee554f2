import { type SimClock } from '../core/clock';
import { type EmulatorTarget, type EngineApi, type StartOptions } from '../core/context';
import {
  type EmulatorState,
  type ExecutionRecord,
  type JobRecord,
  type JobResult,
  type PipelineRecord,
} from '../core/state';

/** Tunables of the simulation. */
export interface EngineOptions {
  defaultActionDurationMs: number;
  random: () => number;
}

/** Moves executions through stages and actions on the simulated clock. (Skeleton; filled in by its owner.) */
export class SimulationEngine implements EngineApi {
  constructor(
    private readonly world: { state: EmulatorState },
    private readonly clock: SimClock,
    private readonly target: EmulatorTarget,
    private readonly options: EngineOptions,
  ) {}

  tick(): void {}

  startExecution(_pipeline: PipelineRecord, _options: StartOptions): ExecutionRecord {
    throw new Error('not implemented');
  }

  completeJob(_job: JobRecord, _result: JobResult): void {
    throw new Error('not implemented');
  }

  pipelineCreated(_pipeline: PipelineRecord): void {}

  pipelineUpdated(_pipeline: PipelineRecord): void {}

  forgetPipeline(_name: string): void {}
}
