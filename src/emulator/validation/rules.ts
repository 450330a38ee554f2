import { RuleCategory, RuleOwner, type RuleDeclaration, type RuleTypeId } from '@aws-sdk/client-codepipeline';
import { lookupRuleType } from '../catalog/rule-types';
import { awsError } from '../core/errors';
import { emulatorKeyProblem } from './emulator-keys';
import {
  asChecked,
  checkStrings,
  memberPath,
  optionalEnumValue,
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
  NAME_RULE,
  PROVIDER_RULE,
  REGION_RULE,
  ROLE_ARN_RULE,
  TIMEOUT_MINUTES,
  TYPE_VERSION_RULE,
} from './patterns';

function invalidStage(message: string): Error {
  return awsError('InvalidStageDeclarationException', message);
}

/**
 * Checks one rule of a stage condition: its members' shapes
 * (`ValidationException`), and that its rule type exists, its required
 * configuration is set and its input artifacts exist
 * (`InvalidStageDeclarationException`, the stage being what is malformed).
 */
export function checkRule(
  path: string,
  raw: unknown,
  stageName: string,
  artifacts: Set<string>,
): RuleDeclaration {
  const rule = requireObj(path, raw);
  const name = requireStr(`${path}.name`, rule.name, NAME_RULE);
  const typeId = requireObj(`${path}.ruleTypeId`, rule.ruleTypeId);
  requireEnumValue(`${path}.ruleTypeId.category`, typeId.category, Object.values(RuleCategory));
  optionalEnumValue(`${path}.ruleTypeId.owner`, typeId.owner, Object.values(RuleOwner));
  const provider = requireStr(`${path}.ruleTypeId.provider`, typeId.provider, PROVIDER_RULE);
  const version = optionalStr(`${path}.ruleTypeId.version`, typeId.version, TYPE_VERSION_RULE) ?? '1';
  const configuration = optionalStringMap(
    `${path}.configuration`,
    rule.configuration,
    CONFIG_KEY_RULE,
    CONFIG_VALUE_RULE,
  );
  const commands = optionalList(`${path}.commands`, rule.commands, 1, 50);
  if (commands) checkStrings(`${path}.commands`, commands, { min: 1, max: 1000 });
  const inputs = optionalList(`${path}.inputArtifacts`, rule.inputArtifacts, 0, 10) ?? [];
  const inputNames = inputs.map((a, i) => {
    const p = memberPath(`${path}.inputArtifacts`, i);
    return requireStr(`${p}.name`, requireObj(p, a).name, ARTIFACT_NAME_RULE);
  });
  optionalStr(`${path}.roleArn`, rule.roleArn, ROLE_ARN_RULE);
  optionalStr(`${path}.region`, rule.region, REGION_RULE);
  optionalInteger(
    `${path}.timeoutInMinutes`,
    rule.timeoutInMinutes,
    TIMEOUT_MINUTES.min,
    TIMEOUT_MINUTES.max,
  );

  const where = `Rule '${name}' in stage '${stageName}'`;
  const type = lookupRuleType(asChecked<RuleTypeId>(typeId));
  if (!type) {
    throw invalidStage(`${where} declares a rule type that does not exist: ${provider} version ${version}`);
  }
  for (const property of type.ruleConfigurationProperties ?? []) {
    if (property.required && configuration?.[property.name as string] === undefined) {
      throw invalidStage(`${where} is missing required configuration '${property.name}'`);
    }
  }
  const bounds = type.inputArtifactDetails;
  if (
    bounds &&
    (inputNames.length < (bounds.minimumCount ?? 0) || inputNames.length > (bounds.maximumCount ?? 0))
  ) {
    throw invalidStage(
      `${where} has ${inputNames.length} input artifacts; its rule type takes ${bounds.minimumCount} to ${bounds.maximumCount}`,
    );
  }
  if (commands && provider !== 'Commands')
    throw invalidStage(`${where}: commands are only supported by Commands rules`);
  const keyProblem = emulatorKeyProblem(configuration);
  if (keyProblem) throw invalidStage(`${where}: ${keyProblem}`);
  for (const input of inputNames) {
    if (!artifacts.has(input))
      throw invalidStage(`${where} reads artifact '${input}', which no action produces`);
  }
  return asChecked<RuleDeclaration>(rule);
}
