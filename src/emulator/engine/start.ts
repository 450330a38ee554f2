import type {
  ArtifactRevision,
  ExecutionTrigger,
  ExecutionType,
  PipelineDeclaration,
  PipelineRollbackMetadata,
  PipelineVariable,
  ResolvedPipelineVariable,
  SourceRevision,
} from '@aws-sdk/client-codepipeline';
import { validationError } from '../core/errors';
import { type ExecutionRecord, type PipelineRecord } from '../core/state';
import { type EngineCore, type PlannedRevision } from './core';
import { currentDeclaration, executionModeOf } from './declarations';
import { newId } from './ids';

let sequenceCounter = 0;

/** What a new execution starts with. */
export interface NewExecution {
  trigger: ExecutionTrigger;
  variables: ResolvedPipelineVariable[];
  plannedRevisions?: Map<string, PlannedRevision>;
  clientRequestToken?: string;
  executionType?: ExecutionType;
  rollbackMetadata?: PipelineRollbackMetadata;
  /** Rollbacks start at the rolled-back stage; others at the first. */
  startStageIndex?: number;
  /** Rollbacks reuse the target's revisions. */
  artifactRevisions?: ArtifactRevision[];
  sourceRevisions?: SourceRevision[];
}

/**
 * Creates an execution of the pipeline's current version, waiting to enter its
 * first stage; the next settle lets it in (or holds it).
 */
export function createExecution(
  core: EngineCore,
  pipeline: PipelineRecord,
  spec: NewExecution,
  atMs: number,
): ExecutionRecord {
  const decl = currentDeclaration(pipeline);
  const at = new Date(atMs);
  const exec: ExecutionRecord = {
    pipelineName: pipeline.name,
    pipelineExecutionId: newId(),
    pipelineVersion: pipeline.versions.length,
    status: 'InProgress',
    startTime: at,
    lastUpdateTime: at,
    trigger: spec.trigger,
    executionMode: executionModeOf(decl),
    executionType: spec.executionType ?? 'STANDARD',
    rollbackMetadata: spec.rollbackMetadata,
    variables: spec.variables,
    sourceRevisions: spec.sourceRevisions?.map((s) => ({ ...s })) ?? [],
    artifactRevisions: spec.artifactRevisions?.map((a) => ({ ...a })) ?? [],
    clientRequestToken: spec.clientRequestToken,
    stages: new Map(),
    cursor: { stageIndex: spec.startStageIndex ?? 0, waiting: 'queue' },
  };
  core.state.executions.set(exec.pipelineExecutionId, exec);
  core.sequence.set(exec, ++sequenceCounter);
  if (spec.plannedRevisions) core.plannedRevisions.set(exec, spec.plannedRevisions);
  return exec;
}

/**
 * Resolves pipeline-level variables for an execution: given values override
 * declared defaults; an undeclared name, or a declared variable with neither
 * value nor default, is a ValidationException (when `strict`).
 */
export function resolveVariables(
  decl: PipelineDeclaration,
  given: PipelineVariable[] | undefined,
  strict: boolean,
): ResolvedPipelineVariable[] {
  const declared = decl.variables ?? [];
  for (const v of given ?? []) {
    if (!declared.some((d) => d.name === v.name)) {
      throw validationError(`Variable ${String(v.name)} is not declared in the pipeline`);
    }
  }
  const resolved: ResolvedPipelineVariable[] = [];
  for (const d of declared) {
    const value = given?.find((v) => v.name === d.name)?.value ?? d.defaultValue;
    if (value === undefined) {
      if (strict)
        throw validationError(`Variable ${String(d.name)} has no default value and no value was given`);
      continue;
    }
    resolved.push({ name: d.name, resolvedValue: value });
  }
  return resolved;
}
