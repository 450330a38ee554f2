import type {
  ActionCategory,
  ActionConfigurationProperty,
  ActionConfigurationPropertyType,
  ActionOwner,
  ActionTypeDeclaration,
  ActionTypeExecutor,
  ActionTypeSettings,
} from '@aws-sdk/client-codepipeline';
import { type ActionTypeRecord } from '../core/state';
import { declarationFrom } from './declaration';

/** Optional flags of a configuration property; everything not said is false / String. */
interface PropertyFlags {
  key?: boolean;
  secret?: boolean;
  queryable?: boolean;
  type?: ActionConfigurationPropertyType;
}

/**
 * One configuration property, written compactly so the catalog files read
 * like the user guide's action reference tables.
 */
export function prop(
  name: string,
  required: boolean,
  description: string,
  flags: PropertyFlags = {},
): ActionConfigurationProperty {
  return {
    name,
    required,
    key: flags.key ?? false,
    secret: flags.secret ?? false,
    queryable: flags.queryable ?? false,
    description,
    type: flags.type ?? 'String',
  };
}

/** What a catalog file says about one built-in action type. */
export interface BuiltInSpec {
  category: ActionCategory;
  provider: string;
  version?: string;
  description: string;
  /** `[minimumCount, maximumCount]` of input artifacts, as in the user guide's artifact table. */
  input: [number, number];
  output: [number, number];
  settings?: ActionTypeSettings;
  properties: ActionConfigurationProperty[];
  /** Who runs the action behind the scenes; shown by GetActionType. */
  executor: ActionTypeExecutor;
}

/** A built-in type as the same record shape custom types use, so lookups need not care. */
export function builtIn(owner: Exclude<ActionOwner, 'Custom'>, spec: BuiltInSpec): ActionTypeRecord {
  const id = { category: spec.category, owner, provider: spec.provider, version: spec.version ?? '1' };
  const inputArtifactDetails = { minimumCount: spec.input[0], maximumCount: spec.input[1] };
  const outputArtifactDetails = { minimumCount: spec.output[0], maximumCount: spec.output[1] };
  const declaration: ActionTypeDeclaration = declarationFrom({
    id,
    description: spec.description,
    executor: spec.executor,
    settings: spec.settings,
    configurationProperties: spec.properties,
    inputArtifactDetails,
    outputArtifactDetails,
  });
  return {
    id,
    declaration,
    settings: spec.settings,
    inputArtifactDetails,
    outputArtifactDetails,
    configurationProperties: spec.properties,
    deleted: false,
  };
}

/** The executor of an AWS-run action: a job worker polled by the owning service's principal. */
export function serviceWorker(servicePrincipal: string): ActionTypeExecutor {
  return {
    type: 'JobWorker',
    configuration: { jobWorkerExecutorConfiguration: { pollingServicePrincipals: [servicePrincipal] } },
  };
}
