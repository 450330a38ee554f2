import { Result, StageRetryMode, type PipelineType } from '@aws-sdk/client-codepipeline';
import { awsError } from '../core/errors';
import {
  type Json,
  memberPath,
  optionalEnumValue,
  optionalList,
  optionalObj,
  requireList,
  requireObj,
} from './fields';
import { checkRule } from './rules';

type ConditionKind = 'beforeEntry' | 'onSuccess' | 'onFailure';

/**
 * The results each kind of condition may engage, per the stage conditions
 * guide: entry conditions fail or skip the stage; success and failure
 * conditions roll back or fail it (failure conditions may also retry).
 */
const ALLOWED_CONDITION_RESULTS: Record<ConditionKind, readonly Result[]> = {
  beforeEntry: ['FAIL', 'SKIP'],
  onSuccess: ['ROLLBACK', 'FAIL'],
  onFailure: ['ROLLBACK', 'FAIL', 'RETRY'],
};

function invalidStage(message: string): Error {
  return awsError('InvalidStageDeclarationException', message);
}

function checkConditionList(
  path: string,
  kind: ConditionKind,
  list: readonly unknown[],
  stageName: string,
  artifacts: Set<string>,
): void {
  list.forEach((raw, i) => {
    const p = memberPath(path, i);
    const condition = requireObj(p, raw);
    const result = optionalEnumValue(`${p}.result`, condition.result, Object.values(Result));
    if (result !== undefined && !ALLOWED_CONDITION_RESULTS[kind].includes(result)) {
      throw invalidStage(
        `Stage '${stageName}': a ${kind} condition cannot have result ${result}; allowed: ${ALLOWED_CONDITION_RESULTS[kind].join(', ')}`,
      );
    }
    const rules = requireList(`${p}.rules`, condition.rules, 1, 5);
    const names = new Set<string>();
    rules.forEach((r, j) => {
      const rule = checkRule(memberPath(`${p}.rules`, j), r, stageName, artifacts);
      if (names.has(rule.name as string)) {
        throw invalidStage(
          `Stage '${stageName}': rule '${rule.name}' is declared more than once in a condition`,
        );
      }
      names.add(rule.name as string);
    });
  });
}

function checkFailure(path: string, onFailure: Json, stageName: string, artifacts: Set<string>): void {
  const result = optionalEnumValue(`${path}.result`, onFailure.result, Object.values(Result));
  const retry = optionalObj(`${path}.retryConfiguration`, onFailure.retryConfiguration);
  if (retry) {
    optionalEnumValue(`${path}.retryConfiguration.retryMode`, retry.retryMode, Object.values(StageRetryMode));
    if (result !== 'RETRY') {
      throw invalidStage(`Stage '${stageName}': retryConfiguration requires onFailure result RETRY`);
    }
  }
  const conditions = optionalList(`${path}.conditions`, onFailure.conditions, 1, 1);
  if (conditions) checkConditionList(`${path}.conditions`, 'onFailure', conditions, stageName, artifacts);
  if (result === undefined && !conditions) {
    throw invalidStage(`Stage '${stageName}': onFailure must specify a result or conditions`);
  }
}

/**
 * Checks a stage's conditions (beforeEntry, onSuccess, onFailure): a V2
 * feature, not available on the source stage, one condition per kind with
 * 1..5 rules of known rule types.
 */
export function checkStageConditions(
  path: string,
  stage: Json,
  stageIndex: number,
  pipelineType: PipelineType,
  artifacts: Set<string>,
): void {
  const name = stage.name as string;
  const kinds: ConditionKind[] = ['beforeEntry', 'onSuccess', 'onFailure'];
  for (const kind of kinds) {
    const p = `${path}.${kind}`;
    const block = optionalObj(p, stage[kind]);
    if (!block) continue;
    if (pipelineType !== 'V2') {
      throw invalidStage(`Stage '${name}': ${kind} is only supported by pipelines of type V2`);
    }
    if (stageIndex === 0)
      throw invalidStage(`Stage '${name}': the source stage cannot have ${kind} conditions`);
    if (kind === 'onFailure') {
      checkFailure(p, block, name, artifacts);
    } else {
      const conditions = requireList(`${p}.conditions`, block.conditions, 1, 1);
      checkConditionList(`${p}.conditions`, kind, conditions, name, artifacts);
    }
  }
}
