import type * as sdk from '@aws-sdk/client-codepipeline';
import { type Action, type Stage } from './stage.type';

function joinAction(declaration: sdk.ActionDeclaration, state: sdk.ActionState | undefined): Action {
  return {
    name: declaration.name ?? '',
    actionTypeId: declaration.actionTypeId ?? {
      category: undefined,
      owner: undefined,
      provider: undefined,
      version: undefined,
    },
    runOrder: declaration.runOrder,
    configuration: declaration.configuration,
    commands: declaration.commands,
    outputArtifacts: declaration.outputArtifacts,
    inputArtifacts: declaration.inputArtifacts,
    outputVariables: declaration.outputVariables,
    roleArn: declaration.roleArn,
    region: declaration.region,
    namespace: declaration.namespace,
    timeoutInMinutes: declaration.timeoutInMinutes,
    environmentVariables: declaration.environmentVariables,
    latestExecution: state?.latestExecution,
    currentRevision: state?.currentRevision,
    entityUrl: state?.entityUrl,
    revisionUrl: state?.revisionUrl,
    declaration,
  };
}

/**
 * Joins a pipeline's declared stages with its live state, by name. The
 * declaration decides which stages and actions exist (state may lag behind
 * an update); state fills in how each last ran. The stages returned are
 * shared between requests and must not be mutated.
 */
export function joinStages(
  declaration: sdk.PipelineDeclaration,
  state: sdk.GetPipelineStateOutput | undefined,
): Stage[] {
  if (!state) return join(declaration, state);
  // Warm reads hand every request the same decoded declaration and state (never mutated): join them once.
  const last = joined.get(declaration);
  if (last?.state === state) return last.stages;
  const stages = join(declaration, state);
  joined.set(declaration, { state, stages });
  return stages;
}

/** The last join of each declaration, with the state it was joined with. */
const joined = new WeakMap<sdk.PipelineDeclaration, { state: sdk.GetPipelineStateOutput; stages: Stage[] }>();

function join(declaration: sdk.PipelineDeclaration, state: sdk.GetPipelineStateOutput | undefined): Stage[] {
  const stageStates = new Map((state?.stageStates ?? []).map((s) => [s.stageName, s]));
  return (declaration.stages ?? []).map((stage): Stage => {
    const stageState = stageStates.get(stage.name);
    const actionStates = new Map((stageState?.actionStates ?? []).map((a) => [a.actionName, a]));
    return {
      name: stage.name ?? '',
      actions: (stage.actions ?? []).map((a) => joinAction(a, actionStates.get(a.name))),
      blockers: stage.blockers,
      inboundTransition: stageState?.inboundTransitionState,
      inboundExecution: stageState?.inboundExecution,
      inboundExecutions: stageState?.inboundExecutions,
      latestExecution: stageState?.latestExecution,
      beforeEntry: stage.beforeEntry,
      onSuccess: stage.onSuccess,
      onFailure: stage.onFailure,
      beforeEntryConditionState: stageState?.beforeEntryConditionState,
      onSuccessConditionState: stageState?.onSuccessConditionState,
      onFailureConditionState: stageState?.onFailureConditionState,
      retryStageMetadata: stageState?.retryStageMetadata,
      declaration: stage,
      state: stageState,
    };
  });
}
