import type { ActionTypeId } from '@aws-sdk/client-codepipeline';
import { type ActionTypeRecord, type EmulatorState } from '../core/state';

/**
 * Finds an action type by id among the built-in AWS and third-party types
 * and the custom types of this world. Pipeline validation uses it to refuse
 * declarations naming unknown types; the engine uses it to decide how an
 * action runs. (Skeleton: the action-types owner replaces this body.)
 */
export function lookupActionType(state: EmulatorState, id: ActionTypeId): ActionTypeRecord | undefined {
  const key = `${id.owner}/${id.category}/${id.provider}/${id.version}`;
  return state.actionTypes.get(key);
}
