import type { ActionType, ActionTypeId, Tag } from '@aws-sdk/client-codepipeline';
import { awsError, validationError } from '../core/errors';
import { type EmulatorTarget } from '../core/context';
import { type ActionTypeRecord, type EmulatorState } from '../core/state';
import { actionTypeArn } from './custom-tags';
import { actionTypeView, declarationFrom } from './declaration';
import { actionTypeKey } from './lookup';
import { type CustomTypeDefinition } from './validate-custom';

/** AWS's quota of custom action types per account and Region. */
export const MAX_CUSTOM_ACTION_TYPES = 50;

/**
 * Creates (or restores) a custom action type. Per the DeleteCustomActionType
 * documentation a deleted version stays reserved: sending the identical
 * definition again restores it, anything else under that version is refused.
 * Re-sending the definition of a live type is idempotent.
 */
export function createCustomType(
  state: EmulatorState,
  target: EmulatorTarget,
  def: CustomTypeDefinition,
  tags: Tag[] | undefined,
): { actionType: ActionType; tags?: Tag[] } {
  const id: ActionTypeId = {
    category: def.category,
    owner: 'Custom',
    provider: def.provider,
    version: def.version,
  };
  const key = actionTypeKey(id);
  const existing = state.actionTypes.get(key);
  if (existing && fingerprint(existing) !== fingerprint(recordOf(id, def, target))) {
    throw validationError(
      existing.deleted
        ? `Version ${def.version} of custom action type ${def.provider} was used by a deleted action type; use a new version or the identical definition to restore it`
        : `Custom action type ${def.category}/${def.provider}/${def.version} already exists with a different definition`,
    );
  }
  if (!existing || existing.deleted) {
    const live = [...state.actionTypes.values()].filter((r) => r.id.owner === 'Custom' && !r.deleted).length;
    if (live >= MAX_CUSTOM_ACTION_TYPES) {
      throw awsError(
        'LimitExceededException',
        `The account already has ${MAX_CUSTOM_ACTION_TYPES} custom action types in this Region`,
      );
    }
  }
  const record = existing ?? recordOf(id, def, target);
  record.deleted = false;
  state.actionTypes.set(key, record);
  const arn = actionTypeArn(target, id);
  if (tags !== undefined) state.tags.set(arn, tags);
  const stored = state.tags.get(arn);
  return { actionType: actionTypeView(record), tags: stored ? stored.map((t) => ({ ...t })) : undefined };
}

/**
 * Marks a custom type deleted: it disappears from lists, lookups and
 * PollForJobs, but its version stays reserved. Deleting twice is harmless;
 * deleting a type that never existed is a ValidationException, the only
 * client fault the operation documents besides ConcurrentModificationException.
 */
export function deleteCustomType(state: EmulatorState, target: EmulatorTarget, id: ActionTypeId): void {
  const record = state.actionTypes.get(actionTypeKey(id));
  if (!record) {
    throw validationError(`Custom action type ${id.category}/${id.provider}/${id.version} does not exist`);
  }
  record.deleted = true;
  state.tags.delete(actionTypeArn(target, id));
}

function recordOf(id: ActionTypeId, def: CustomTypeDefinition, target: EmulatorTarget): ActionTypeRecord {
  const declaration = declarationFrom({
    id,
    executor: {
      type: 'JobWorker',
      configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: [target.accountId] } },
    },
    settings: def.settings,
    configurationProperties: def.configurationProperties,
    inputArtifactDetails: def.inputArtifactDetails,
    outputArtifactDetails: def.outputArtifactDetails,
    permissions: { allowedAccounts: [target.accountId] },
  });
  return {
    id,
    declaration,
    settings: def.settings,
    inputArtifactDetails: def.inputArtifactDetails,
    outputArtifactDetails: def.outputArtifactDetails,
    configurationProperties: def.configurationProperties,
    deleted: false,
  };
}

/** What makes two definitions "identical" for the restore rule; absent and false flags are the same. */
function fingerprint(r: ActionTypeRecord): string {
  return JSON.stringify({
    settings: r.settings ?? {},
    input: r.inputArtifactDetails,
    output: r.outputArtifactDetails,
    props: r.configurationProperties.map((p) => ({
      name: p.name,
      required: p.required,
      key: p.key,
      secret: p.secret,
      queryable: p.queryable ?? false,
      description: p.description,
      type: p.type,
    })),
  });
}
