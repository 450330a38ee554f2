import { type PipelineType, type PipelineVariableDeclaration } from '@aws-sdk/client-codepipeline';
import { validationError } from '../core/errors';
import { memberPath, optionalList, optionalStr, requireObj, requireStr } from './fields';
import { LIMITS } from './patterns';

/** Pipeline variable names: no `.` (it separates namespaces in `#{variables.name}`). */
const VARIABLE_NAME_RULE = { min: 1, max: 128, pattern: /^[A-Za-z0-9@\-_]+$/ };

/**
 * Checks the pipeline-level variables: a V2 feature, at most 50, unique
 * names, defaults 1..1000 and descriptions up to 200 characters.
 */
export function checkVariables(
  v: unknown,
  pipelineType: PipelineType,
): PipelineVariableDeclaration[] | undefined {
  const list = optionalList('pipeline.variables', v, 0, LIMITS.maxVariables);
  if (!list) return undefined;
  if (pipelineType !== 'V2' && list.length > 0) {
    throw validationError('Pipeline variables are only supported by pipelines of type V2');
  }
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const p = memberPath('pipeline.variables', i);
    const variable = requireObj(p, raw);
    const name = requireStr(`${p}.name`, variable.name, VARIABLE_NAME_RULE);
    optionalStr(`${p}.defaultValue`, variable.defaultValue, { min: 1, max: 1000 });
    optionalStr(`${p}.description`, variable.description, { min: 0, max: 200 });
    if (seen.has(name)) throw validationError(`Pipeline variable '${name}' is declared more than once`);
    seen.add(name);
  });
  return list as PipelineVariableDeclaration[];
}
