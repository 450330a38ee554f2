import { BlockerType, type StageDeclaration } from '@aws-sdk/client-codepipeline';
import { awsError } from '../core/errors';
import { checkActionShape } from './action';
import {
  asChecked,
  type Json,
  memberPath,
  optionalList,
  requireEnumValue,
  requireList,
  requireObj,
  requireStr,
} from './fields';
import { LIMITS, NAME_RULE } from './patterns';

function checkBlockers(path: string, stageName: string, v: unknown): void {
  const list = optionalList(path, v);
  const seen = new Set<string>();
  list?.forEach((raw, i) => {
    const p = memberPath(path, i);
    const blocker = requireObj(p, raw);
    const name = requireStr(`${p}.name`, blocker.name, { min: 1, max: 100 });
    requireEnumValue(`${p}.type`, blocker.type, Object.values(BlockerType));
    if (seen.has(name)) {
      throw awsError(
        'InvalidBlockerDeclarationException',
        `Stage '${stageName}' declares the blocker '${name}' more than once`,
      );
    }
    seen.add(name);
  });
}

/**
 * Checks one stage declaration and its actions' own members. Stage
 * conditions and everything that spans stages (source placement, artifacts)
 * are checked by the callers that know the whole pipeline.
 */
export function checkStageShape(path: string, raw: unknown): StageDeclaration {
  const stage: Json = requireObj(path, raw);
  const name = requireStr(`${path}.name`, stage.name, NAME_RULE);
  checkBlockers(`${path}.blockers`, name, stage.blockers);
  const actions = requireList(`${path}.actions`, stage.actions, 0, LIMITS.maxActionsPerStage);
  if (actions.length === 0) {
    throw awsError('InvalidStageDeclarationException', `Stage '${name}' must contain at least one action`);
  }
  const names = new Set<string>();
  actions.forEach((rawAction, i) => {
    const action = checkActionShape(memberPath(`${path}.actions`, i), rawAction);
    const actionName = action.name as string;
    if (names.has(actionName)) {
      throw awsError(
        'InvalidStructureException',
        `Stage '${name}' declares the action '${actionName}' more than once; action names must be unique within a stage`,
      );
    }
    names.add(actionName);
  });
  return asChecked<StageDeclaration>(stage);
}
