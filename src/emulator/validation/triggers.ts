import {
  GitPullRequestEventType,
  PipelineTriggerProviderType,
  type PipelineTriggerDeclaration,
  type PipelineType,
  type StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { validationError } from '../core/errors';
import {
  type Json,
  checkStrings,
  isAbsent,
  memberPath,
  optionalList,
  optionalObj,
  requireEnumValue,
  requireObj,
  requireStr,
} from './fields';
import { LIMITS, NAME_RULE } from './patterns';

const PATTERN_RULE = { min: 1, max: 255 };

/** Checks an includes/excludes criteria object; returns whether it was given. */
function checkCriteria(path: string, v: unknown): boolean {
  const criteria = optionalObj(path, v);
  if (!criteria) return false;
  for (const field of ['includes', 'excludes'] as const) {
    const list = optionalList(`${path}.${field}`, criteria[field], 1, 8);
    if (list) checkStrings(`${path}.${field}`, list, PATTERN_RULE);
  }
  if (isAbsent(criteria.includes) && isAbsent(criteria.excludes)) {
    throw validationError(`${path} must specify includes or excludes`);
  }
  return true;
}

function checkPushFilter(path: string, raw: unknown): void {
  const filter = requireObj(path, raw);
  const tags = checkCriteria(`${path}.tags`, filter.tags);
  const branches = checkCriteria(`${path}.branches`, filter.branches);
  const filePaths = checkCriteria(`${path}.filePaths`, filter.filePaths);
  if (tags === branches) throw validationError(`${path} must filter on exactly one of tags and branches`);
  if (filePaths && !branches) throw validationError(`${path}.filePaths can only be used with branches`);
}

function checkPullRequestFilter(path: string, raw: unknown): void {
  const filter = requireObj(path, raw);
  const events = optionalList(`${path}.events`, filter.events, 1, 3);
  events?.forEach((e, i) =>
    requireEnumValue(memberPath(`${path}.events`, i), e, Object.values(GitPullRequestEventType)),
  );
  if (!checkCriteria(`${path}.branches`, filter.branches)) {
    throw validationError(`${path} must filter on branches`);
  }
  checkCriteria(`${path}.filePaths`, filter.filePaths);
}

function checkGitConfiguration(path: string, git: Json, sourceActions: Map<string, string>): string {
  const source = requireStr(`${path}.sourceActionName`, git.sourceActionName, NAME_RULE);
  const provider = sourceActions.get(source);
  if (provider === undefined) {
    throw validationError(`Trigger source action '${source}' is not a source action of this pipeline`);
  }
  if (provider !== 'CodeStarSourceConnection') {
    throw validationError(
      `Trigger source action '${source}' must be a CodeStarSourceConnection action, not ${provider}`,
    );
  }
  const push = optionalList(`${path}.push`, git.push, 1, 3);
  push?.forEach((f, i) => checkPushFilter(memberPath(`${path}.push`, i), f));
  const pulls = optionalList(`${path}.pullRequest`, git.pullRequest, 1, 3);
  pulls?.forEach((f, i) => checkPullRequestFilter(memberPath(`${path}.pullRequest`, i), f));
  if (!push && !pulls) throw validationError(`${path} must specify push or pullRequest filters`);
  return source;
}

/**
 * Checks the pipeline's triggers: a V2 feature; each names a
 * CodeStarSourceConnection source action of the first stage, at most one
 * trigger per source action.
 */
export function checkTriggers(
  v: unknown,
  pipelineType: PipelineType,
  stages: readonly StageDeclaration[],
): PipelineTriggerDeclaration[] | undefined {
  const list = optionalList('pipeline.triggers', v, 0, LIMITS.maxTriggers);
  if (!list) return undefined;
  if (pipelineType !== 'V2' && list.length > 0) {
    throw validationError('Triggers are only supported by pipelines of type V2');
  }
  const sourceActions = new Map<string, string>();
  for (const action of stages[0]?.actions ?? []) {
    sourceActions.set(action.name as string, action.actionTypeId?.provider as string);
  }
  const used = new Set<string>();
  list.forEach((raw, i) => {
    const p = memberPath('pipeline.triggers', i);
    const trigger = requireObj(p, raw);
    requireEnumValue(`${p}.providerType`, trigger.providerType, Object.values(PipelineTriggerProviderType));
    const source = checkGitConfiguration(
      `${p}.gitConfiguration`,
      requireObj(`${p}.gitConfiguration`, trigger.gitConfiguration),
      sourceActions,
    );
    if (used.has(source)) throw validationError(`Source action '${source}' has more than one trigger`);
    used.add(source);
  });
  return list as PipelineTriggerDeclaration[];
}
