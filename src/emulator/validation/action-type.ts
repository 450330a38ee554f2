import type { ActionDeclaration, ActionTypeId } from '@aws-sdk/client-codepipeline';
import { actionTypeKey, lookupActionType } from '../catalog/lookup';
import { awsError } from '../core/errors';
import { type EmulatorState } from '../core/state';
import { type ActionTypeRules, KNOWN_ACTION_TYPES } from './known-action-types';

/**
 * What validation knows of an action type: the catalog's record (built-in or
 * custom) first, then the well-known list. Undefined means the type does not
 * exist, or is a custom type that was deleted.
 */
export function resolveActionType(state: EmulatorState, id: ActionTypeId): ActionTypeRules | undefined {
  const record = lookupActionType(state, id);
  if (record) {
    if (record.deleted) return undefined;
    return {
      inputArtifacts: {
        min: record.inputArtifactDetails.minimumCount,
        max: record.inputArtifactDetails.maximumCount,
      },
      outputArtifacts: {
        min: record.outputArtifactDetails.minimumCount,
        max: record.outputArtifactDetails.maximumCount,
      },
      requiredConfiguration: record.configurationProperties
        .filter((p) => p.required && p.name !== undefined)
        .map((p) => p.name as string),
    };
  }
  return KNOWN_ACTION_TYPES.get(actionTypeKey(id));
}

function invalid(message: string): Error {
  return awsError('InvalidActionDeclarationException', message);
}

function countProblem(
  what: 'input' | 'output',
  actual: number,
  bounds: { min: number; max: number },
): string | undefined {
  if (actual < bounds.min) {
    return `has ${actual} ${what} artifacts, but the minimum number of ${what} artifacts for this action type is ${bounds.min}`;
  }
  if (actual > bounds.max) {
    return `has ${actual} ${what} artifacts, but the maximum number of ${what} artifacts for this action type is ${bounds.max}`;
  }
  return undefined;
}

/**
 * Checks an action against its type: the type must exist, artifact counts
 * must be within its bounds and its required configuration must be set.
 * Faults are `InvalidActionDeclarationException`, as AWS reports them.
 */
export function checkActionAgainstType(
  state: EmulatorState,
  stageName: string,
  action: ActionDeclaration,
): void {
  const id = action.actionTypeId as ActionTypeId;
  const where = `Action '${action.name}' in stage '${stageName}'`;
  const type = resolveActionType(state, id);
  if (!type) {
    throw invalid(
      `${where} declares an action type that does not exist: ActionTypeId(category=${id.category}, owner=${id.owner}, provider=${id.provider}, version=${id.version})`,
    );
  }
  const problem =
    countProblem('input', action.inputArtifacts?.length ?? 0, type.inputArtifacts) ??
    countProblem('output', action.outputArtifacts?.length ?? 0, type.outputArtifacts);
  if (problem) throw invalid(`${where} ${problem}`);
  const configuration = action.configuration ?? {};
  for (const key of type.requiredConfiguration) {
    if (configuration[key] === undefined) {
      throw invalid(`${where} is missing required configuration '${key}'`);
    }
  }
}
