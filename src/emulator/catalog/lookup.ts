import type { ActionOwner, ActionTypeId } from '@aws-sdk/client-codepipeline';
import { type ActionTypeRecord, type EmulatorState } from '../core/state';
import { AWS_ACTION_TYPES } from './aws-action-types';
import { THIRD_PARTY_ACTION_TYPES } from './third-party-action-types';

/** The `state.actionTypes` key of a type: `owner/category/provider/version`. */
export function actionTypeKey(id: ActionTypeId): string {
  return `${id.owner}/${id.category}/${id.provider}/${id.version}`;
}

const BUILT_IN: readonly ActionTypeRecord[] = [...AWS_ACTION_TYPES, ...THIRD_PARTY_ACTION_TYPES];
const BUILT_IN_BY_KEY = new Map(BUILT_IN.map((r) => [actionTypeKey(r.id), r]));

/** The catalog's pristine record of a built-in type, ignoring updates made in this world. */
export function builtInActionType(id: ActionTypeId): ActionTypeRecord | undefined {
  return BUILT_IN_BY_KEY.get(actionTypeKey(id));
}

/**
 * Finds a type including deleted custom ones: GetActionType still answers
 * for those (a deleted version stays reserved), though nothing may use them.
 * A record in the world wins over the catalog, because UpdateActionType
 * stores an updated third-party type there.
 */
export function findActionType(state: EmulatorState, id: ActionTypeId): ActionTypeRecord | undefined {
  return state.actionTypes.get(actionTypeKey(id)) ?? builtInActionType(id);
}

/**
 * Finds an action type by id among the built-in AWS and third-party types
 * and the live custom types of this world. Pipeline validation uses it to
 * refuse declarations naming unknown or deleted types; the engine uses it to
 * decide how an action runs.
 */
export function lookupActionType(state: EmulatorState, id: ActionTypeId): ActionTypeRecord | undefined {
  const found = findActionType(state, id);
  return found && !found.deleted ? found : undefined;
}

/**
 * Every usable type, built-ins first in catalog order then the world's
 * custom types in creation order. With `builtInsOnly`, the world is ignored:
 * that is what another Region sees, since custom types and updates are regional.
 */
export function listActionTypeRecords(
  state: EmulatorState,
  owner: ActionOwner | undefined,
  builtInsOnly = false,
): ActionTypeRecord[] {
  const builtIns = BUILT_IN.map((r) =>
    builtInsOnly ? r : (state.actionTypes.get(actionTypeKey(r.id)) ?? r),
  );
  const custom = builtInsOnly
    ? []
    : [...state.actionTypes.values()].filter((r) => !r.deleted && !BUILT_IN_BY_KEY.has(actionTypeKey(r.id)));
  return [...builtIns, ...custom].filter((r) => owner === undefined || r.id.owner === owner);
}
