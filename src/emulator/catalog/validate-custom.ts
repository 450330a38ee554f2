import type {
  ActionCategory,
  ActionConfigurationProperty,
  ActionTypeSettings,
  ArtifactDetails,
} from '@aws-sdk/client-codepipeline';
import { validationError } from '../core/errors';
import { type Input, optionalArray, optionalEnum, requireEnum, requireString } from '../core/input';
import {
  PROVIDER_RULE,
  TYPE_CATEGORIES,
  VERSION_RULE,
  objectMembers,
  optionalBoolean,
  optionalSettings,
  requireArtifactDetails,
  requireBoolean,
} from './validate-common';

/** CreateCustomActionType's input, validated (tags apart: they have their own exceptions). */
export interface CustomTypeDefinition {
  category: ActionCategory;
  provider: string;
  version: string;
  settings?: ActionTypeSettings;
  configurationProperties: ActionConfigurationProperty[];
  inputArtifactDetails: ArtifactDetails & { minimumCount: number; maximumCount: number };
  outputArtifactDetails: ArtifactDetails & { minimumCount: number; maximumCount: number };
}

/** The `{category, provider, version}` triple that names a custom type in Create and Delete. */
export function parseCustomTypeName(input: Input): {
  category: ActionCategory;
  provider: string;
  version: string;
} {
  return {
    category: requireEnum(input, 'category', TYPE_CATEGORIES),
    provider: requireString(input, 'provider', PROVIDER_RULE),
    version: requireString(input, 'version', VERSION_RULE),
  };
}

/** Validates a CreateCustomActionType request as the reference constrains it. */
export function parseCustomTypeDefinition(input: Input): CustomTypeDefinition {
  const name = parseCustomTypeName(input);
  const settings = optionalSettings(input, 'settings');
  const configurationProperties = parseConfigurationProperties(input);
  checkTemplates(settings, configurationProperties);
  return {
    ...name,
    settings,
    configurationProperties,
    inputArtifactDetails: requireArtifactDetails(input, 'inputArtifactDetails', 5),
    outputArtifactDetails: requireArtifactDetails(input, 'outputArtifactDetails', 5),
  };
}

function parseConfigurationProperties(input: Input): ActionConfigurationProperty[] {
  const members = objectMembers(
    optionalArray(input, 'configurationProperties', 10),
    'configurationProperties',
  );
  const props = members.map((m) => ({
    name: requireString(m, 'name', { min: 1, max: 50 }),
    required: requireBoolean(m, 'required'),
    key: requireBoolean(m, 'key'),
    secret: requireBoolean(m, 'secret'),
    queryable: optionalBoolean(m, 'queryable'),
    description: requireDescription(m),
    type: optionalEnum(m, 'type', ['String', 'Number', 'Boolean'] as const),
  }));
  const names = new Set<string>();
  for (const p of props) {
    if (names.has(p.name)) throw validationError(`Duplicate configuration property name: ${p.name}`);
    names.add(p.name);
  }
  const queryable = props.filter((p) => p.queryable);
  if (queryable.length > 1) {
    throw validationError('An action type can have at most one queryable configuration property');
  }
  for (const p of queryable) {
    if (!p.required || p.secret) {
      throw validationError(`Queryable configuration property ${p.name} must be required and not secret`);
    }
  }
  return props;
}

function requireDescription(m: Input): string | undefined {
  const v = m['description'];
  if (v === undefined || v === null) return undefined;
  return requireString(m, 'description', { min: 1, max: 160 });
}

/**
 * URL templates may name `{Config:name}` only for required, non-secret
 * properties: the console fills them from the action's configuration.
 */
function checkTemplates(
  settings: ActionTypeSettings | undefined,
  props: ActionConfigurationProperty[],
): void {
  if (!settings) return;
  for (const template of Object.values(settings)) {
    if (typeof template !== 'string') continue;
    for (const match of template.matchAll(/\{Config:([^}]+)\}/g)) {
      const prop = props.find((p) => p.name === match[1]);
      if (!prop || !prop.required || prop.secret) {
        throw validationError(
          `URL template refers to {Config:${match[1] ?? ''}}, which is not a required, non-secret configuration property`,
        );
      }
    }
  }
}
