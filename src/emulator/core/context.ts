import type { SimClock } from './clock';
import type { Input } from './input';
import type { TokenRegistry } from './pagination';
import type {
  ActionRun,
  EmulatorState,
  ExecutionRecord,
  JobRecord,
  JobResult,
  PipelineRecord,
} from './state';
import type {
  ApprovalStatus,
  ExecutionTrigger,
  PipelineVariable,
  SourceRevisionOverride,
  StageRetryMode,
} from '@aws-sdk/client-codepipeline';

/** A source revision an execution is to fetch (PutActionRevision). */
export interface RevisionPlan {
  revisionId: string;
  revisionChangeId?: string;
  created?: Date;
  summary?: string;
}

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
  /** Starts an execution whose source action fetches a given revision (PutActionRevision). */
  startWithRevision(pipeline: PipelineRecord, actionName: string, revision: RevisionPlan): ExecutionRecord;
  /** StopPipelineExecution, once the handler has checked the execution is stoppable. */
  stop(exec: ExecutionRecord, abandon: boolean, reason: string | undefined): void;
  /** PutApprovalResult, once the handler has matched the token; returns when it was approved. */
  approve(exec: ExecutionRecord, run: ActionRun, status: ApprovalStatus, summary: string): Date;
  /** RetryStageExecution, once the handler has checked the stage is retryable. */
  retry(exec: ExecutionRecord, stageName: string, mode: StageRetryMode): void;
  /** RollbackStage, once the handler has checked the target succeeded in the stage. */
  rollback(pipeline: PipelineRecord, stageName: string, target: ExecutionRecord): ExecutionRecord;
  /** OverrideStageCondition; false when no condition of that kind was in progress. */
  overrideCondition(exec: ExecutionRecord, stageName: string, kind: 'BEFORE_ENTRY' | 'ON_SUCCESS'): boolean;
  /** Re-evaluates held executions now, e.g. after a transition was enabled. */
  settleNow(): void;
  /** Executions held before a stage, oldest first. */
  heldAt(pipelineName: string, stageName: string): ExecutionRecord[];
  /** Executions inside a stage (running it or evaluating its entry conditions). */
  insideStage(pipelineName: string, stageName: string): ExecutionRecord[];
  /** Executions of a pipeline in start order, oldest first. */
  executionsOf(pipelineName: string): ExecutionRecord[];
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
