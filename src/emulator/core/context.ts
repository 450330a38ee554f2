import type { SimClock } from './clock';
import type { Input } from './input';
import type { TokenRegistry } from './pagination';
import type { EmulatorState, ExecutionRecord, JobRecord, JobResult, PipelineRecord } from './state';
import type {
  ExecutionTrigger,
  PipelineVariable,
  SourceRevisionOverride,
} from '@aws-sdk/client-codepipeline';

/** The account and region the emulator pretends to be; they appear in every ARN. */
export interface EmulatorTarget {
  region: string;
  accountId: string;
}

/** How an execution is started, by the API or by the emulator itself. */
export interface StartOptions {
  trigger: ExecutionTrigger;
  variables?: PipelineVariable[];
  sourceRevisions?: SourceRevisionOverride[];
  clientRequestToken?: string;
}

/**
 * What operation handlers may ask of the simulation engine. Handlers own
 * validation and the API's shapes; the engine owns how executions move.
 */
export interface EngineApi {
  /** Plays every transition due up to the clock's `now()`. Called before every operation. */
  tick(): void;
  /** Starts an execution of the pipeline's current version, honouring its execution mode. */
  startExecution(pipeline: PipelineRecord, options: StartOptions): ExecutionRecord;
  /** Finishes (or continues) the action behind a job with the worker's result. */
  completeJob(job: JobRecord, result: JobResult): void;
  /** Called after CreatePipeline stored a pipeline: AWS starts its first execution at once. */
  pipelineCreated(pipeline: PipelineRecord): void;
  /** Called after UpdatePipeline stored a new version. */
  pipelineUpdated(pipeline: PipelineRecord): void;
  /** Drops every execution, job and history entry of a deleted pipeline. */
  forgetPipeline(name: string): void;
}

/** Everything an operation handler may use. */
export interface OperationContext {
  state: EmulatorState;
  engine: EngineApi;
  clock: SimClock;
  tokens: TokenRegistry;
  target: EmulatorTarget;
  requestId: string;
}

/** An operation handler: validated input in, the SDK's output shape out (Dates allowed). */
export type Operation = (input: Input, ctx: OperationContext) => unknown;

/** Handlers by operation name. */
export type OperationTable = Readonly<Record<string, Operation>>;

/** The ARN of a pipeline, as AWS forms it. */
export function pipelineArn(target: EmulatorTarget, name: string): string {
  return `arn:aws:codepipeline:${target.region}:${target.accountId}:${name}`;
}
