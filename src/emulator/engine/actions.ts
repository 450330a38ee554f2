import type { ActionDeclaration, ErrorDetails } from '@aws-sdk/client-codepipeline';
import { type ActionRun, type ExecutionRecord, type StageRun } from '../core/state';
import {
  artifactDetails,
  fakeDeployTargets,
  inputNames,
  outputNames,
  recordSourceRevision,
  resolveConfiguration,
} from './artifacts';
import { type EngineCore } from './core';
import { actionKind, declarationOf, isSourceAction, timedPlan } from './declarations';
import { newId } from './ids';
import { createJob } from './jobs';

/** Starts one declared action of a stage run at `atMs`: timed, waiting for approval, or handed to a job worker. */
export function startAction(
  core: EngineCore,
  exec: ExecutionRecord,
  stage: StageRun,
  action: ActionDeclaration,
  atMs: number,
): ActionRun {
  const at = new Date(atMs);
  const decl = declarationOf(core, exec);
  const configuration = action.configuration ?? {};
  const run: ActionRun = {
    pipelineName: exec.pipelineName,
    pipelineExecutionId: exec.pipelineExecutionId,
    pipelineVersion: exec.pipelineVersion,
    actionExecutionId: newId(),
    stageName: stage.stageName,
    actionName: action.name ?? '',
    status: 'InProgress',
    startTime: at,
    lastUpdateTime: at,
    input: {
      actionTypeId: action.actionTypeId,
      configuration,
      resolvedConfiguration: resolveConfiguration(core, exec, configuration),
      roleArn: action.roleArn ?? decl?.roleArn,
      region: action.region ?? core.target.region,
      inputArtifacts: artifactDetails(core, exec, inputNames(action)),
      namespace: action.namespace,
    },
    output: {},
    deployTargets: [],
  };
  const kind = actionKind(action);
  switch (kind) {
    case 'approval':
      run.token = newId();
      // PARALLEL pipelines approve with the externalExecutionId, so it carries the token too.
      run.externalExecutionId = run.token;
      run.summary = 'Waiting for approval';
      break;
    case 'job':
      run.jobId = createJob(core, exec, stage, action, run, atMs).id;
      break;
    case 'timed': {
      // Resolved, so pipeline variables can steer the reserved keys (e.g. EmulatorOutcome).
      const plan = timedPlan(core, run.input.resolvedConfiguration, atMs);
      run.dueAtMs = plan.dueAtMs;
      run.plannedOutcome = plan.outcome;
      run.externalExecutionId = newId();
      run.externalExecutionUrl = `https://console.aws.amazon.com/emulator/${exec.pipelineName}/${run.actionExecutionId}`;
      run.percentComplete = 0;
      break;
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown action kind ${String(never)}`);
    }
  }
  stage.actions.push(run);
  core.state.actionExecutions.push(run);
  return run;
}

/** What finished an action. */
export interface ActionOutcome {
  status: 'Succeeded' | 'Failed';
  summary?: string;
  errorDetails?: ErrorDetails;
  externalExecutionId?: string;
  outputVariables?: Record<string, string>;
  updatedBy?: string;
}

/** Finishes an action at `atMs`: result, output artifacts, source revisions, deploy targets. */
export function finishAction(
  core: EngineCore,
  exec: ExecutionRecord,
  run: ActionRun,
  outcome: ActionOutcome,
  atMs: number,
): void {
  const at = new Date(atMs);
  const action = findActionDeclaration(core, exec, run);
  run.status = outcome.status;
  run.lastUpdateTime = at;
  run.dueAtMs = undefined;
  run.plannedOutcome = undefined;
  run.summary = outcome.summary;
  run.errorDetails = outcome.errorDetails;
  run.updatedBy = outcome.updatedBy;
  if (outcome.externalExecutionId) run.externalExecutionId = outcome.externalExecutionId;
  if (outcome.status === 'Succeeded') run.percentComplete = 100;
  const outputVariables: Record<string, string> = { ...(outcome.outputVariables ?? {}) };
  if (outcome.status === 'Succeeded' && action && isSourceAction(action)) {
    const revisionId = recordSourceRevision(core, exec, action, run, atMs);
    outputVariables.CommitId ??= revisionId;
  }
  if (action?.actionTypeId?.category === 'Deploy') {
    run.deployTargets = fakeDeployTargets(run.startTime.getTime(), atMs, outcome.status);
  }
  run.output = {
    outputArtifacts:
      outcome.status === 'Succeeded' && action ? artifactDetails(core, exec, outputNames(action)) : [],
    executionResult: {
      externalExecutionId: run.externalExecutionId,
      externalExecutionSummary: outcome.summary,
      externalExecutionUrl: run.externalExecutionUrl,
      errorDetails: outcome.errorDetails,
    },
    outputVariables: Object.keys(outputVariables).length > 0 ? outputVariables : undefined,
  };
  exec.lastUpdateTime = at;
}

/** Abandons an in-progress action (StopPipelineExecution with abandon). */
export function abandonAction(run: ActionRun, atMs: number): void {
  run.status = 'Abandoned';
  run.lastUpdateTime = new Date(atMs);
  run.dueAtMs = undefined;
  run.plannedOutcome = undefined;
  run.summary = 'Action abandoned by StopPipelineExecution';
}

/** Finishes a timed action whose deadline came. */
export function finishTimedAction(
  core: EngineCore,
  exec: ExecutionRecord,
  run: ActionRun,
  atMs: number,
): void {
  const failed = run.plannedOutcome === 'Failed';
  finishAction(
    core,
    exec,
    run,
    failed
      ? {
          status: 'Failed',
          summary: 'Emulated action failure',
          errorDetails: { code: 'JobFailed', message: `Action ${run.actionName} failed (emulated)` },
        }
      : { status: 'Succeeded', summary: `Action ${run.actionName} succeeded (emulated)` },
    atMs,
  );
}

/** The declaration of the action behind a run, in the version the execution runs. */
export function findActionDeclaration(
  core: EngineCore,
  exec: ExecutionRecord,
  run: ActionRun,
): ActionDeclaration | undefined {
  const stage = declarationOf(core, exec)?.stages?.find((s) => s.name === run.stageName);
  return stage?.actions?.find((a) => a.name === run.actionName);
}
