import type {
  ActionConfigurationProperty,
  ActionType,
  ActionTypeDeclaration,
  ActionTypeExecutor,
  ActionTypeId,
  ActionTypeProperty,
  ActionTypePermissions,
  ActionTypeSettings,
  ActionTypeUrls,
  ArtifactDetails,
} from '@aws-sdk/client-codepipeline';
import { type ActionTypeRecord } from '../core/state';

/**
 * The API has two views of an action type: the old `ActionType` (settings,
 * configuration properties) of ListActionTypes / CreateCustomActionType, and
 * the newer `ActionTypeDeclaration` (urls, properties, executor) of
 * GetActionType / UpdateActionType. The emulator stores both in one record
 * and derives each from the other here, so an update through one view shows
 * in the other.
 */
export interface DeclarationParts {
  id: ActionTypeId;
  description?: string;
  executor: ActionTypeExecutor;
  settings?: ActionTypeSettings;
  configurationProperties: ActionConfigurationProperty[];
  inputArtifactDetails: ArtifactDetails;
  outputArtifactDetails: ArtifactDetails;
  permissions?: ActionTypePermissions;
}

/** Builds the GetActionType view from the ListActionTypes view. */
export function declarationFrom(parts: DeclarationParts): ActionTypeDeclaration {
  return {
    description: parts.description,
    executor: parts.executor,
    id: { ...parts.id },
    inputArtifactDetails: { ...parts.inputArtifactDetails },
    outputArtifactDetails: { ...parts.outputArtifactDetails },
    permissions: parts.permissions,
    properties: parts.configurationProperties.map(toTypeProperty),
    urls: parts.settings ? toUrls(parts.settings) : undefined,
  };
}

function toTypeProperty(p: ActionConfigurationProperty): ActionTypeProperty {
  return {
    name: p.name,
    optional: !p.required,
    key: p.key,
    noEcho: p.secret,
    queryable: p.queryable,
    description: p.description,
  };
}

function toUrls(s: ActionTypeSettings): ActionTypeUrls {
  return {
    configurationUrl: s.thirdPartyConfigurationUrl,
    entityUrlTemplate: s.entityUrlTemplate,
    executionUrlTemplate: s.executionUrlTemplate,
    revisionUrlTemplate: s.revisionUrlTemplate,
  };
}

/**
 * Re-derives the ListActionTypes view after UpdateActionType replaced the
 * declaration. The declaration has no property types, so a property keeps the
 * type it had under the same name (String for a new one).
 */
export function recordFromDeclaration(
  previous: ActionTypeRecord,
  declaration: ActionTypeDeclaration,
): ActionTypeRecord {
  const oldTypes = new Map(previous.configurationProperties.map((p) => [p.name, p.type]));
  const urls = declaration.urls;
  const settings: ActionTypeSettings | undefined = urls
    ? {
        thirdPartyConfigurationUrl: urls.configurationUrl,
        entityUrlTemplate: urls.entityUrlTemplate,
        executionUrlTemplate: urls.executionUrlTemplate,
        revisionUrlTemplate: urls.revisionUrlTemplate,
      }
    : undefined;
  const input = declaration.inputArtifactDetails ?? previous.inputArtifactDetails;
  const output = declaration.outputArtifactDetails ?? previous.outputArtifactDetails;
  return {
    id: previous.id,
    declaration,
    settings,
    inputArtifactDetails: { minimumCount: input.minimumCount ?? 0, maximumCount: input.maximumCount ?? 0 },
    outputArtifactDetails: { minimumCount: output.minimumCount ?? 0, maximumCount: output.maximumCount ?? 0 },
    configurationProperties: (declaration.properties ?? []).map((p) => ({
      name: p.name,
      required: !p.optional,
      key: p.key,
      secret: p.noEcho,
      queryable: p.queryable,
      description: p.description,
      type: (p.name !== undefined ? oldTypes.get(p.name) : undefined) ?? 'String',
    })),
    deleted: previous.deleted,
  };
}

/** The ListActionTypes / CreateCustomActionType shape of a record; copies, so callers cannot mutate the world. */
export function actionTypeView(record: ActionTypeRecord): ActionType {
  return {
    id: { ...record.id },
    settings: record.settings ? { ...record.settings } : undefined,
    actionConfigurationProperties: record.configurationProperties.map((p) => ({ ...p })),
    inputArtifactDetails: { ...record.inputArtifactDetails },
    outputArtifactDetails: { ...record.outputArtifactDetails },
  };
}
