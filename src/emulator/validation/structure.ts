import type { ActionDeclaration, StageDeclaration } from '@aws-sdk/client-codepipeline';
import { awsError } from '../core/errors';
import { LIMITS } from './patterns';

function structureError(message: string): Error {
  return awsError('InvalidStructureException', message);
}

/** The actions of a stage grouped by runOrder, lowest first: the order they run in. */
export function runOrderGroups(stage: StageDeclaration): ActionDeclaration[][] {
  const byOrder = new Map<number, ActionDeclaration[]>();
  for (const action of stage.actions ?? []) {
    const order = action.runOrder ?? 1;
    byOrder.set(order, [...(byOrder.get(order) ?? []), action]);
  }
  return [...byOrder.entries()].sort(([a], [b]) => a - b).map(([, actions]) => actions);
}

function checkStageLayout(stages: readonly StageDeclaration[]): void {
  if (stages.length < LIMITS.minStages) {
    throw structureError(`A pipeline must contain at least ${LIMITS.minStages} stages`);
  }
  const names = new Set<string>();
  stages.forEach((stage, index) => {
    const name = stage.name as string;
    if (names.has(name))
      throw structureError(`Stage names must be unique: '${name}' is declared more than once`);
    names.add(name);
    for (const action of stage.actions ?? []) {
      const isSource = action.actionTypeId?.category === 'Source';
      if (index === 0 && !isSource) {
        throw structureError(
          `The first stage '${name}' may only contain source actions, but '${action.name}' is a ${action.actionTypeId?.category} action`,
        );
      }
      if (index > 0 && isSource) {
        throw structureError(
          `Source action '${action.name}' is in stage '${name}'; source actions may only be in the first stage`,
        );
      }
    }
  });
}

/**
 * Every input artifact must be produced by an action that runs earlier: in an
 * earlier stage, or in the same stage at a lower runOrder. Output artifact
 * names are unique across the pipeline.
 */
function checkArtifactFlow(stages: readonly StageDeclaration[]): void {
  const produced = new Set<string>();
  for (const stage of stages) {
    for (const group of runOrderGroups(stage)) {
      for (const action of group) {
        for (const input of action.inputArtifacts ?? []) {
          if (!produced.has(input.name as string)) {
            throw structureError(
              `Input artifact '${input.name}' of action '${action.name}' in stage '${stage.name}' is not the output of any action that runs before it`,
            );
          }
        }
      }
      for (const action of group) {
        for (const output of action.outputArtifacts ?? []) {
          const name = output.name as string;
          if (produced.has(name)) {
            throw structureError(
              `Output artifact names must be unique in a pipeline: '${name}' is declared twice`,
            );
          }
          produced.add(name);
        }
      }
    }
  }
}

function checkNamespacesAndRegions(
  stages: readonly StageDeclaration[],
  pipelineRegion: string,
  storeRegions: Set<string> | undefined,
): void {
  const namespaces = new Set<string>();
  for (const stage of stages) {
    for (const action of stage.actions ?? []) {
      if (action.namespace !== undefined) {
        if (namespaces.has(action.namespace)) {
          throw structureError(`Namespace '${action.namespace}' is used by more than one action`);
        }
        namespaces.add(action.namespace);
      }
      const region = action.region;
      if (region !== undefined && region !== pipelineRegion && !storeRegions?.has(region)) {
        throw structureError(
          `Action '${action.name}' runs in ${region}: a cross-region action needs an artifact store for its Region in artifactStores`,
        );
      }
    }
  }
}

/**
 * The checks that span stages, once each stage's own shape is known good.
 * All faults are `InvalidStructureException`.
 */
export function checkPipelineStructure(
  stages: readonly StageDeclaration[],
  pipelineRegion: string,
  storeRegions: Set<string> | undefined,
): void {
  checkStageLayout(stages);
  checkArtifactFlow(stages);
  checkNamespacesAndRegions(stages, pipelineRegion, storeRegions);
}

/** The output artifact names of every action, for checks of rules that read artifacts. */
export function allOutputArtifacts(stages: readonly StageDeclaration[]): Set<string> {
  const names = new Set<string>();
  for (const stage of stages) {
    for (const action of stage.actions ?? []) {
      for (const output of action.outputArtifacts ?? []) names.add(output.name as string);
    }
  }
  return names;
}
