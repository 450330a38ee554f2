import {
  ActionCategory,
  ActionOwner,
  EnvironmentVariableType,
  type ActionDeclaration,
} from '@aws-sdk/client-codepipeline';
import { awsError } from '../core/errors';
import { emulatorKeyProblem } from './emulator-keys';
import {
  asChecked,
  type Json,
  checkStrings,
  memberPath,
  optionalInteger,
  optionalList,
  optionalStr,
  optionalStringMap,
  requireEnumValue,
  requireObj,
  requireStr,
} from './fields';
import {
  ARTIFACT_NAME_RULE,
  CONFIG_KEY_RULE,
  CONFIG_VALUE_RULE,
  NAMESPACE_RULE,
  NAME_RULE,
  PROVIDER_RULE,
  REGION_RULE,
  ROLE_ARN_RULE,
  TIMEOUT_MINUTES,
  TYPE_VERSION_RULE,
} from './patterns';

const CATEGORIES = Object.values(ActionCategory);
const OWNERS = Object.values(ActionOwner);
const ENV_TYPES = Object.values(EnvironmentVariableType);

function invalid(message: string): Error {
  return awsError('InvalidActionDeclarationException', message);
}

function checkArtifacts(path: string, v: unknown, withFiles: boolean): void {
  const list = optionalList(path, v);
  list?.forEach((raw, i) => {
    const p = memberPath(path, i);
    const artifact = requireObj(p, raw);
    requireStr(`${p}.name`, artifact.name, ARTIFACT_NAME_RULE);
    if (withFiles) {
      const files = optionalList(`${p}.files`, artifact.files, 1, 10);
      if (files) checkStrings(`${p}.files`, files, { min: 1, max: 128 });
    }
  });
}

function checkEnvironment(path: string, v: unknown): void {
  const list = optionalList(path, v, 1, 10);
  list?.forEach((raw, i) => {
    const p = memberPath(path, i);
    const env = requireObj(p, raw);
    requireStr(`${p}.name`, env.name, { min: 1, max: 128, pattern: /^[A-Za-z0-9_]+$/ });
    requireStr(`${p}.value`, env.value, { min: 1, max: 2000 });
    if (env.type !== undefined && env.type !== null) requireEnumValue(`${p}.type`, env.type, ENV_TYPES);
  });
}

/**
 * Checks one action declaration's own members: shapes, lengths and patterns
 * (`ValidationException`), and the members that only some action types may
 * carry (`InvalidActionDeclarationException`). Whether the type exists is
 * checked separately, against the catalog.
 */
export function checkActionShape(path: string, raw: unknown): ActionDeclaration {
  const action: Json = requireObj(path, raw);
  const name = requireStr(`${path}.name`, action.name, NAME_RULE);
  const typeId = requireObj(`${path}.actionTypeId`, action.actionTypeId);
  const category = requireEnumValue(`${path}.actionTypeId.category`, typeId.category, CATEGORIES);
  requireEnumValue(`${path}.actionTypeId.owner`, typeId.owner, OWNERS);
  const provider = requireStr(`${path}.actionTypeId.provider`, typeId.provider, PROVIDER_RULE);
  requireStr(`${path}.actionTypeId.version`, typeId.version, TYPE_VERSION_RULE);
  optionalInteger(`${path}.runOrder`, action.runOrder, 1, 999);

  const configuration = optionalStringMap(
    `${path}.configuration`,
    action.configuration,
    CONFIG_KEY_RULE,
    CONFIG_VALUE_RULE,
  );
  const keyProblem = emulatorKeyProblem(configuration);
  if (keyProblem) throw invalid(`Action '${name}': ${keyProblem}`);

  checkArtifacts(`${path}.inputArtifacts`, action.inputArtifacts, false);
  checkArtifacts(`${path}.outputArtifacts`, action.outputArtifacts, true);
  optionalStr(`${path}.roleArn`, action.roleArn, ROLE_ARN_RULE);
  optionalStr(`${path}.region`, action.region, REGION_RULE);
  optionalStr(`${path}.namespace`, action.namespace, NAMESPACE_RULE);
  checkEnvironment(`${path}.environmentVariables`, action.environmentVariables);
  const outputVariables = optionalList(`${path}.outputVariables`, action.outputVariables, 1, 15);
  if (outputVariables) checkStrings(`${path}.outputVariables`, outputVariables, { min: 1, max: 128 });

  const commands = optionalList(`${path}.commands`, action.commands, 1, 50);
  if (commands) {
    checkStrings(`${path}.commands`, commands, { min: 1, max: 1000 });
    if (category !== 'Compute') {
      throw invalid(`Action '${name}': commands are only supported by actions of the Compute category`);
    }
  }
  const timeout = optionalInteger(
    `${path}.timeoutInMinutes`,
    action.timeoutInMinutes,
    TIMEOUT_MINUTES.min,
    TIMEOUT_MINUTES.max,
  );
  if (timeout !== undefined && !(category === 'Approval' && provider === 'Manual')) {
    throw invalid(`Action '${name}': timeoutInMinutes is only supported by the Manual approval action type`);
  }
  return asChecked<ActionDeclaration>(action);
}
